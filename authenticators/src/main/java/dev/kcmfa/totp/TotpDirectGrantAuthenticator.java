package dev.kcmfa.totp;

import dev.kcmfa.core.AttemptLimiter;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.core.SecondFactors;
import dev.kcmfa.policy.PolicyResolver;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;

/**
 * The authenticator-app code of a token request (password grant), in the {@code otp} parameter as for Keycloak's
 * own "OTP" step ({@code totp} also accepted). Unlike that step it refuses a user who has no app with a clear
 * {@code invalid_grant} (Keycloak's step cannot run then: the flow throws and the token endpoint answers 500), checks
 * every app the user has, and records the passed factor like the browser step. A token request cannot enroll.
 */
public class TotpDirectGrantAuthenticator extends MfaStep {

    static final String PARAM_CODE = TotpMethod.PARAM_CODE;
    /** Keycloak's step reads this name too, for older clients. */
    static final String PARAM_CODE_LEGACY = "totp";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), TotpMethod.TOTP);
        UserModel user = context.getUser();
        if (!TotpAuthenticator.hasTotp(user)) {
            refuseTokenRequest(context, Errors.INVALID_USER_CREDENTIALS, "An authenticator app is required but none "
                    + "is set up: sign in once with a browser to set up an authenticator app first.");
            return;
        }
        String code = code(context.getHttpRequest().getDecodedFormParameters());
        if (code.isEmpty()) {
            refuseTokenRequest(context, Errors.INVALID_USER_CREDENTIALS,
                    "This account requires a one-time code from its authenticator app: send it as the otp parameter.");
            return;
        }
        AttemptLimiter limiter = new AttemptLimiter(context, TotpMethod.TOTP,
                PolicyResolver.forRequest(context.getSession(), context.getRealm(), user).maxAttempts());
        if (limiter.userLockedOut()) {
            // same words as a wrong code: a locked account must not be told apart by an attacker
            refuseTokenRequest(context, Errors.USER_TEMPORARILY_DISABLED, "Invalid authenticator app code.");
            return;
        }
        if (TotpAuthenticator.matchesAnyDevice(user, code)) {
            SecondFactors.passed(context, TotpMethod.TOTP, OTPCredentialModel.TYPE);
            return;
        }
        // each token request is a login of its own: only the brute-force count outlives it
        limiter.recordFailure();
        refuseTokenRequest(context, MfaEvents.ERROR_INVALID_CODE, "Invalid authenticator app code.");
    }

    private static String code(MultivaluedMap<String, String> form) {
        String code = form.getFirst(PARAM_CODE);
        return TotpAuthenticator.normalizedCode(code != null ? code : form.getFirst(PARAM_CODE_LEGACY));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // a token request has one round trip: nothing comes back to act on
    }

    /** Runs for every user the flow sends here, so that one without an app gets an answer, not a flow error. */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }
}
