package dev.kcmfa.flow;

import static dev.kcmfa.flow.FlowShape.Step.run;
import static dev.kcmfa.flow.FlowShape.Step.subFlow;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.ALTERNATIVE;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.CONDITIONAL;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.REQUIRED;

import java.util.function.BiConsumer;
import java.util.function.Function;

import org.keycloak.authentication.authenticators.conditional.ConditionalLoaAuthenticatorFactory;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RealmModel;

/**
 * The flows the installer writes, under fixed aliases, each with the realm binding it takes (the post-broker-login
 * flow is bound on each identity provider instead; the first-broker-login flow on the realm, and on each provider
 * that names another). One step, {@link #SECOND_FACTOR}, does all of MFA in each.
 */
public enum RecommendedFlow {

    BROWSER("mfa browser", "Browser login: the session cookie, or username and password then the second factor the"
            + " user's MFA policy asks for", "browserFlow", RealmModel::getBrowserFlow, RealmModel::setBrowserFlow,
            run("auth-cookie", ALTERNATIVE),
            subFlow(ALTERNATIVE, "mfa browser forms",
                    // level 1: an SSO session that passed the password is not asked it again when an app asks for
                    // the second factor (the step sets level 2)
                    subFlow(CONDITIONAL, "mfa browser password",
                            run(ConditionalLoaAuthenticatorFactory.PROVIDER_ID, REQUIRED),
                            run("auth-username-password-form", REQUIRED)),
                    run(RecommendedFlow.SECOND_FACTOR, REQUIRED))),
    DIRECT_GRANT("mfa direct grant", "Password grant: username, password, then the second factor the user's MFA"
            + " policy asks for", "directGrantFlow", RealmModel::getDirectGrantFlow, RealmModel::setDirectGrantFlow,
            run("direct-grant-validate-username", REQUIRED),
            run("direct-grant-validate-password", REQUIRED),
            run(RecommendedFlow.SECOND_FACTOR, REQUIRED)),
    RESET_CREDENTIALS("mfa reset credentials", "Forgotten password: the emailed link, then the user's second factor,"
            + " before the new password logs the user in", "resetCredentialsFlow", RealmModel::getResetCredentialsFlow,
            RealmModel::setResetCredentialsFlow,
            run("reset-credentials-choose-user", REQUIRED),
            run("reset-credential-email", REQUIRED),
            run(RecommendedFlow.SECOND_FACTOR, REQUIRED),
            run("reset-password", REQUIRED)),
    /**
     * Keycloak's own first-broker-login flow (review the profile, create the user or confirm the link to the account
     * with the same email or username, by an emailed link or the password), without its conditional OTP: the user
     * who already had the account passes their policy's second factor before Keycloak links the provider's account
     * to it, which it does before any post-broker-login flow runs. A user this login created is asked in the
     * post-broker-login flow, where the provider's MFA may be accepted.
     */
    FIRST_BROKER_LOGIN("mfa first broker login", "First login through an identity provider: the new user's profile,"
            + " or the link to the account with the same email or username, by an emailed link or the password, then"
            + " that account's second factor", "firstBrokerLoginFlow", RealmModel::getFirstBrokerLoginFlow,
            RealmModel::setFirstBrokerLoginFlow,
            run("idp-review-profile", REQUIRED),
            subFlow(REQUIRED, "mfa first broker login user creation or linking",
                    run("idp-create-user-if-unique", ALTERNATIVE),
                    subFlow(ALTERNATIVE, "mfa first broker login existing account",
                            run("idp-confirm-link", REQUIRED),
                            subFlow(REQUIRED, "mfa first broker login account verification",
                                    run("idp-email-verification", ALTERNATIVE),
                                    run("idp-username-password-form", ALTERNATIVE)))),
            // after the whole sub-flow: an account verified by email in another browser is matched by the
            // user-creation step itself on the next login, skipping the existing-account sub-flow
            run(RecommendedFlow.SECOND_FACTOR, REQUIRED)),
    POST_BROKER_LOGIN("mfa post broker login", "After an identity provider's login: the second factor the user's MFA"
            + " policy asks for", null, null, null,
            run(RecommendedFlow.SECOND_FACTOR, REQUIRED));

    /** The provider id of the "MFA - second factor" step. */
    public static final String SECOND_FACTOR = SecondFactorStepFactory.PROVIDER_ID;

    private final String description;
    private final String binding;
    private final Function<RealmModel, AuthenticationFlowModel> bound;
    private final BiConsumer<RealmModel, AuthenticationFlowModel> bind;
    private final FlowShape shape;

    RecommendedFlow(String alias, String description, String binding,
                    Function<RealmModel, AuthenticationFlowModel> bound,
                    BiConsumer<RealmModel, AuthenticationFlowModel> bind, FlowShape.Step... steps) {
        this.description = description;
        this.binding = binding;
        this.bound = bound;
        this.bind = bind;
        this.shape = FlowShape.basic(alias, steps);
    }

    public String alias() {
        return shape.alias();
    }

    public String description() {
        return description;
    }

    public FlowShape shape() {
        return shape;
    }

    /** The realm's binding this flow takes, as the realm representation names it; null for the post-broker flow. */
    public String binding() {
        return binding;
    }

    AuthenticationFlowModel boundIn(RealmModel realm) {
        return bound.apply(realm);
    }

    void bindIn(RealmModel realm, AuthenticationFlowModel flow) {
        bind.accept(realm, flow);
    }
}
