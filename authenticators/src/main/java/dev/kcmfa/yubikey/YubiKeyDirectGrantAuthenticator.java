package dev.kcmfa.yubikey;

import dev.kcmfa.core.AttemptLimiter;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.core.SecondFactors;
import dev.kcmfa.policy.PolicyResolver;
import dev.kcmfa.yubikey.YubiKeyCheck.Outcome;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The YubiKey OTP of a token request (password grant), in the {@code yubikey_otp} parameter: a YubiKey types its
 * OTP into any tool's prompt. The same checks as the browser step; a token request cannot enroll a key.
 */
public class YubiKeyDirectGrantAuthenticator extends MfaStep {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), YubiKeyMethod.YUBIKEY);
        UserModel user = context.getUser();
        if (!YubiKeyMethod.YUBIKEY.usableBy(user)) {
            refuseTokenRequest(context, Errors.INVALID_USER_CREDENTIALS, "A YubiKey is required but none is set up: "
                    + "sign in once with a browser to set up a YubiKey first.");
            return;
        }
        AttemptLimiter limiter = new AttemptLimiter(context, YubiKeyMethod.YUBIKEY,
                PolicyResolver.forRequest(context.getSession(), context.getRealm(), user).maxAttempts());
        if (limiter.userLockedOut()) {
            // same words as a wrong code: a locked account must not be told apart by an attacker
            refuseTokenRequest(context, Errors.USER_TEMPORARILY_DISABLED, Outcome.WRONG.description);
            return;
        }
        String typed = context.getHttpRequest().getDecodedFormParameters().getFirst(YubiKeyMethod.PARAM_OTP);
        Outcome outcome = YubiKeyCheck.login(context.getSession(), YubiKeySettings.of(context.getAuthenticatorConfig()),
                user, typed);
        if (outcome == Outcome.PASSED) {
            SecondFactors.passed(context, YubiKeyMethod.YUBIKEY, YubiKeyCredentialModel.TYPE);
            return;
        }
        if (outcome.wrongCode) {
            // each token request is a login of its own: only the brute-force count outlives it
            limiter.recordFailure();
        }
        refuseTokenRequest(context, outcome.eventError, outcome.description);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // a token request has one round trip: nothing comes back to act on
    }

    /** Runs for every user the flow sends here, so that one without a key gets an answer, not a flow error. */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }
}
