package dev.kcmfa.flow;

import java.util.Optional;

import dev.kcmfa.core.FactorRegistration;
import dev.kcmfa.core.LoginStrength;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.device.RememberedDevices;
import dev.kcmfa.policy.Enforcement;
import dev.kcmfa.policy.MfaPolicy;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;

/**
 * Why a login needs no second factor, by the same rules as the conditions *MFA required by policy*, *client
 * network* (the policy's networks) and *device remembered*: the policy is off, or optional for a user with no
 * allowed method; the client is in a network the policy trusts; the browser is remembered. No skip applies when the
 * login goes on to add a factor for a user who holds one ({@link FactorRegistration#forbidsSkip}); an app that
 * forces a new login ({@code prompt=login}, {@code max_age}) gets no skip by network or remembered browser.
 */
final class MfaSkip {

    private MfaSkip() {
    }

    /** The {@code MfaEvents.SKIPPED_*} reason this login may skip MFA for, if any. */
    static Optional<String> reason(AuthenticationFlowContext context, MfaPolicy policy) {
        UserModel user = context.getUser();
        Optional<String> reason;
        if (!policy.requiresMfaOf(user)) {
            reason = Optional.of(policy.enforcement() == Enforcement.OFF
                    ? MfaEvents.SKIPPED_POLICY_OFF : MfaEvents.SKIPPED_OPTIONAL_NOT_ENROLLED);
        } else if (LoginStrength.reauthenticationForced(context)) {
            reason = Optional.empty();
        } else if (policy.trustsNetworkOf(context.getConnection().getRemoteAddr(), user)) {
            reason = Optional.of(MfaEvents.SKIPPED_TRUSTED_NETWORK);
        } else if (!MfaStep.isTokenRequest(context)
                && new RememberedDevices(context.getSession(), context.getRealm()).isRemembered(user, policy)) {
            reason = Optional.of(MfaEvents.SKIPPED_REMEMBERED_DEVICE);
        } else {
            reason = Optional.empty();
        }
        return reason.filter(r -> !FactorRegistration.forbidsSkip(context));
    }
}
