package dev.kcmfa.phone;

import java.util.Optional;

import dev.kcmfa.core.CodeCheck;
import dev.kcmfa.core.CodeRequest;
import dev.kcmfa.core.FactorRegistration;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.core.SecondFactors;
import dev.kcmfa.policy.MethodFallback;
import dev.kcmfa.policy.MfaPolicy;
import dev.kcmfa.policy.PolicyResolver;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Sends a code by text or call to the user's number and asks for it; a user who has no number this method reaches
 * sets one up inside the login, proven with a code ({@link PhoneEntry}). A gateway that does not take the code hands
 * the login to another method the user can pass, else says the code could not be sent; never an error page of the
 * server. A user who holds another factor that this login has not passed is not offered the set-up
 * ({@link FactorRegistration}).
 */
public class PhoneStep extends MfaStep {

    private final PhoneMethod method;

    PhoneStep(PhoneMethod method) {
        this.method = method;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), method);
        Optional<PhoneNumber> held = method.numberOf(context.getUser());
        if (held.isPresent()) {
            signIn(context, check(context, held.get()).start());
        } else if (!FactorRegistration.refused(context)) {
            setUp(context).start().ifPresent(number -> enrolled(context));
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), method);
        Optional<PhoneNumber> held = method.numberOf(context.getUser());
        if (held.isPresent()) {
            signIn(context, check(context, held.get()).answer());
        } else if (!FactorRegistration.refused(context)) {
            setUp(context).answer().ifPresent(number -> enrolled(context));
        }
    }

    private void signIn(AuthenticationFlowContext context, CodeCheck.Result result) {
        if (result == CodeCheck.Result.PASSED) {
            SecondFactors.passed(context, method, PhoneCredentialModel.TYPE);
        } else if (result == CodeCheck.Result.NOT_SENT && !MethodFallback.tryAnotherThan(context, method)) {
            check(context, method.numberOf(context.getUser()).orElseThrow()).showNotSent();
        }
    }

    private void enrolled(AuthenticationFlowContext context) {
        context.getEvent().detail(MfaEvents.DETAIL_ENROLLED, "true");
        SecondFactors.passed(context, method, PhoneCredentialModel.TYPE);
    }

    private PhoneSetup setUp(AuthenticationFlowContext context) {
        return new PhoneSetup(CodeRequest.of(context), context.getSession(), method, settings(context));
    }

    private CodeCheck check(AuthenticationFlowContext context, PhoneNumber number) {
        return new CodeCheck(CodeRequest.of(context),
                new PhoneCodes(context.getSession(), context.getUser(), method, settings(context), number, false));
    }

    private static PhoneSettings settings(AuthenticationFlowContext context) {
        return PhoneSettings.of(context.getAuthenticatorConfig());
    }

    /**
     * Offered when the user has a number this method reaches, or when the policy allows it and the user has no
     * allowed method yet (the login sets a number up).
     */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        MfaPolicy policy = PolicyResolver.forRequest(session, realm, user);
        return method.usableBy(user) || policy.allows(method) && !policy.hasEnrolledMethod(user);
    }
}
