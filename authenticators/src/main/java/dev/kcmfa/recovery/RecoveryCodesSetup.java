package dev.kcmfa.recovery;

import dev.kcmfa.core.LoginEnrollment;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.core.SecondFactors;
import dev.kcmfa.policy.MfaPolicy;
import dev.kcmfa.policy.RecoveryCodes;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;

/**
 * Sets recovery codes up as the policy's {@code recoveryCodes} says, once a login has passed a second factor and the
 * user holds one but no codes: {@code offer} right after the login enrolled the user's first factor (a page with
 * "Set up recovery codes" and "Not now", {@link RecoveryCodesOffer}), {@code require} after every such login
 * (Keycloak's page, no way round). Both run Keycloak's CONFIGURE_RECOVERY_AUTHN_CODES as a required action of this
 * login. A token request sets nothing up: it has no pages.
 */
public final class RecoveryCodesSetup {

    static final String ACTION = UserModel.RequiredAction.CONFIGURE_RECOVERY_AUTHN_CODES.name();
    static final String MSG_UNAVAILABLE = "mfaRecoveryCodesUnavailable";
    private static final Logger LOG = Logger.getLogger(RecoveryCodesSetup.class);

    private RecoveryCodesSetup() {
    }

    /**
     * Called once a second factor passed in a login.
     *
     * @param enrolledFirst whether the login enrolled the user's first factor
     * @return whether the login goes on; false when the realm cannot set codes up that the policy requires (the
     *         login then ends on a page saying so, as for any enrollment the realm has turned off)
     */
    public static boolean afterPassing(AuthenticationFlowContext context, MfaPolicy policy, boolean enrolledFirst) {
        UserModel user = context.getUser();
        boolean wanted = switch (policy.recoveryCodes()) {
            case OFF -> false;
            case OFFER -> enrolledFirst;
            case REQUIRE -> true;
        };
        // a factor set up by Keycloak's page (a security key) exists only once its action, which runs before
        // Keycloak's recovery-codes action (priority 80 and 90 against 130), has passed
        boolean factor = SecondFactors.heldBy(user) || LoginEnrollment.pending(context.getAuthenticationSession());
        if (!wanted || MfaStep.isTokenRequest(context) || !factor || RecoveryCodesMethod.codesOf(user).isPresent()) {
            return true;
        }
        if (!LoginEnrollment.enabled(context.getRealm(), ACTION)) {
            return unavailable(context, policy);
        }
        if (policy.recoveryCodes() == RecoveryCodes.OFFER) {
            RecoveryCodesOffer.offerIn(context.getAuthenticationSession());
        }
        context.getAuthenticationSession().addRequiredAction(ACTION);
        return true;
    }

    /** Keycloak would skip the action silently: an offer is left out, a requirement refuses the login. */
    private static boolean unavailable(AuthenticationFlowContext context, MfaPolicy policy) {
        LOG.warnf("Realm '%s': required action %s is not registered or not enabled; recovery codes (%s) were not "
                + "set up", context.getRealm().getName(), ACTION, policy.recoveryCodes().id());
        if (policy.recoveryCodes() != RecoveryCodes.REQUIRE) {
            return true;
        }
        context.getEvent().user(context.getUser())
                .detail(MfaEvents.DETAIL_CONFIG_ERROR, "required action " + ACTION + " not enabled")
                .error(MfaEvents.ERROR_MISCONFIGURED);
        context.challenge(context.form().setError(MSG_UNAVAILABLE).createErrorPage(Response.Status.FORBIDDEN));
        return false;
    }
}
