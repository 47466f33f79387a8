package dev.kcmfa.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * One second factor of the bundle, as named in policies ({@code "methods": ["totp", ...]}): what everything that
 * lists or picks methods needs to know of it. Each method's package holds its descriptor and registers it once, in
 * {@code META-INF/services/dev.kcmfa.core.MfaMethod}; {@link MfaMethods} lists them. Two descriptors of the same id
 * are the same method.
 */
public abstract class MfaMethod {

    private final String id;
    private final int rank;
    private final String credentialType;
    private final String enrollmentAction;
    private final boolean worksWithoutBrowser;
    private final Steps steps;

    /**
     * The Keycloak authenticators (provider ids) that challenge and enroll this method: the one for browsers and
     * the one for token requests (the password grant). The bundle's step "MFA - second factor" runs them.
     */
    public record Steps(String browser, String tokenRequest) {
    }

    /**
     * @param rank where the method stands among all methods in the built-in default policy (lower first)
     * @param credentialType the Keycloak credential type a user holds once enrolled, or null for methods that
     *        Keycloak does not enroll
     * @param enrollmentAction the required action (its alias) that enrolls the method inside a login, or null
     * @param worksWithoutBrowser whether a token request (the password grant of a standard tool) can pass it
     * @param steps the authenticators that run the method
     */
    protected MfaMethod(String id, int rank, String credentialType, String enrollmentAction,
            boolean worksWithoutBrowser, Steps steps) {
        this.id = id;
        this.rank = rank;
        this.credentialType = credentialType;
        this.enrollmentAction = enrollmentAction;
        this.worksWithoutBrowser = worksWithoutBrowser;
        this.steps = steps;
    }

    /** Whether the user can pass this factor now (an enrolled credential, a verified address, ...). */
    public abstract boolean usableBy(UserModel user);

    /**
     * What passing this factor proves, as RFC 8176 authentication method references ({@code otp}, {@code swk},
     * ...): the tokens' {@code amr} lists them, with {@code mfa}, after a login passed the factor.
     */
    public abstract List<String> authenticationReferences();

    /**
     * Whether passing this method may set up a new device outside Keycloak, where Keycloak cannot see it coming (Duo's
     * prompt enrols a user Duo does not know yet, if Duo's new-user policy allows): then, as before an enrolment in
     * the login, only a login that proved a credential itself goes on to it.
     */
    public boolean mayEnrollElsewhere() {
        return false;
    }

    /**
     * Whether this login's sign-in (its first step) has already proven this factor, and a second one with it: a
     * passkey that verified the user. Then the step "MFA - second factor" asks for nothing more.
     */
    public boolean provenAtSignIn(RealmModel realm, AuthenticationSessionModel authSession) {
        return false;
    }

    /**
     * Whether a policy allows the method where no admin wrote one (the built-in default). A method that works only with
     * an account the admin holds at a service (Duo, a YubiKey validation server) is allowed only where a policy
     * names it: a realm that never set it up must not offer it.
     */
    public boolean inBuiltInDefault() {
        return true;
    }

    /**
     * Whether the method only backs the others up (recovery codes): it is offered after them, never first nor as a
     * user's preferred or default method, never enrolled as a first factor, and a policy allows it by a field of its
     * own rather than in its {@code methods}.
     */
    public boolean backupOnly() {
        return false;
    }

    /** The name used in policies, events and message keys. */
    public final String id() {
        return id;
    }

    final int rank() {
        return rank;
    }

    public final Optional<String> credentialType() {
        return Optional.ofNullable(credentialType);
    }

    public final Optional<String> enrollmentAction() {
        return Optional.ofNullable(enrollmentAction);
    }

    /** Whether the user can set this method up inside a login (its required action). */
    public final boolean enrollableInLogin() {
        return enrollmentAction != null;
    }

    public final boolean worksWithoutBrowser() {
        return worksWithoutBrowser;
    }

    public final Steps steps() {
        return steps;
    }

    /**
     * The token-request parameter that carries this method's answer ({@code otp} for an app's code), if any: a
     * password grant that sends it picks this method.
     */
    public Optional<String> answerParameter() {
        return Optional.empty();
    }

    /** The message key of the method's name in the chooser ("Authenticator app"). */
    public final String nameMessageKey() {
        return "mfaMethod." + id;
    }

    /** The message key of the button that offers this method instead of another ("Use a code from my app instead"). */
    public final String offerMessageKey() {
        return "mfaUseMethod." + id;
    }

    @Override
    public final boolean equals(Object other) {
        return other instanceof MfaMethod method && id.equals(method.id);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(id);
    }

    @Override
    public final String toString() {
        return id;
    }
}
