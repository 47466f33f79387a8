package dev.kcmfa.yubikey;

import dev.kcmfa.core.AttemptLimiter;
import dev.kcmfa.core.FactorRegistration;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.core.SecondFactors;
import dev.kcmfa.policy.MfaPolicy;
import dev.kcmfa.policy.PolicyResolver;
import dev.kcmfa.yubikey.YubiKeyCheck.Outcome;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

/**
 * Asks for a YubiKey OTP (the user touches the key in the field), and lets a user who has no key bind one inside the
 * login with a first OTP, itself checked by the validation server. A user who holds another factor that this login
 * has not passed is not offered the enrollment ({@link FactorRegistration}).
 */
public class YubiKeyAuthenticator extends MfaStep {

    static final String FIELD_OTP = "otp";
    static final String TEMPLATE_LOGIN = "mfa-yubikey.ftl";
    static final String TEMPLATE_ENROLL = "mfa-yubikey-enroll.ftl";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), YubiKeyMethod.YUBIKEY);
        if (YubiKeyMethod.YUBIKEY.usableBy(context.getUser())) {
            context.challenge(page(context, TEMPLATE_LOGIN, null));
        } else if (!FactorRegistration.refused(context)) {
            context.challenge(page(context, TEMPLATE_ENROLL, null));
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), YubiKeyMethod.YUBIKEY);
        String typed = context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD_OTP);
        YubiKeySettings settings = YubiKeySettings.of(context.getAuthenticatorConfig());
        if (YubiKeyMethod.YUBIKEY.usableBy(context.getUser())) {
            verify(context, settings, typed);
        } else if (!FactorRegistration.refused(context)) {
            enroll(context, settings, typed);
        }
    }

    private void verify(AuthenticationFlowContext context, YubiKeySettings settings, String typed) {
        UserModel user = context.getUser();
        AttemptLimiter limiter = limiter(context);
        if (limiter.userLockedOut()) {
            // same words as a wrong code, and the OTP is not spent: a locked account must not be told apart
            context.getEvent().user(user).error(Errors.USER_TEMPORARILY_DISABLED);
            context.challenge(page(context, TEMPLATE_LOGIN, Outcome.WRONG.message));
            return;
        }
        Outcome outcome = YubiKeyCheck.login(context.getSession(), settings, user, typed);
        if (outcome == Outcome.PASSED) {
            SecondFactors.passed(context, YubiKeyMethod.YUBIKEY, YubiKeyCredentialModel.TYPE);
            return;
        }
        if (outcome.wrongCode && !limiter.recordFailure()) {
            context.getEvent().user(user).error(MfaEvents.ERROR_TOO_MANY_ATTEMPTS);
            limiter.restartLogin();
            return;
        }
        refuse(context, TEMPLATE_LOGIN, outcome);
    }

    private void enroll(AuthenticationFlowContext context, YubiKeySettings settings, String typed) {
        // each OTP costs a request to the validation server, and a login that enrols holds only the password:
        // wrong ones are limited like a code's, so that nobody spends the realm's validation quota from here
        YubiKeyCheck.Result result = YubiKeyCheck.enrollment(context.getSession(), settings, context.getUser(), typed);
        if (result.publicId().isEmpty()) {
            context.getEvent().detail(MfaEvents.DETAIL_ENROLLED, "false");
            if (result.outcome().wrongCode && !limiter(context).recordFailure()) {
                context.getEvent().user(context.getUser()).error(MfaEvents.ERROR_TOO_MANY_ATTEMPTS);
                limiter(context).restartLogin();
                return;
            }
            refuse(context, TEMPLATE_ENROLL, result.outcome());
            return;
        }
        context.getUser().credentialManager().createStoredCredential(
                YubiKeyCredentialModel.create(result.publicId().get()));
        context.getEvent().detail(MfaEvents.DETAIL_ENROLLED, "true");
        SecondFactors.passed(context, YubiKeyMethod.YUBIKEY, YubiKeyCredentialModel.TYPE);
    }

    private static AttemptLimiter limiter(AuthenticationFlowContext context) {
        MfaPolicy policy = PolicyResolver.forRequest(context.getSession(), context.getRealm(), context.getUser());
        return new AttemptLimiter(context, YubiKeyMethod.YUBIKEY, policy.maxAttempts());
    }

    /** The page again with what went wrong; a validation server that is down leaves "Try another way" open. */
    private static void refuse(AuthenticationFlowContext context, String template, Outcome outcome) {
        if (outcome.eventError != null) {
            context.getEvent().user(context.getUser()).error(outcome.eventError);
        }
        context.challenge(page(context, template, outcome.message));
    }

    private static Response page(AuthenticationFlowContext context, String template, String error) {
        var form = context.form();
        if (error != null) {
            form.addError(new FormMessage(FIELD_OTP, error));
        }
        return form.createForm(template);
    }

    /**
     * Offered when the user has a key (even one the policy no longer allows: the login then passes it before
     * enrolling the policy's method), or when the policy allows YubiKeys and the user has no allowed method yet.
     */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        MfaPolicy policy = PolicyResolver.forRequest(session, realm, user);
        return YubiKeyMethod.YUBIKEY.usableBy(user)
                || policy.allows(YubiKeyMethod.YUBIKEY) && !policy.hasEnrolledMethod(user);
    }
}
