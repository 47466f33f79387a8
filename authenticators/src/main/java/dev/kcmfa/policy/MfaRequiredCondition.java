package dev.kcmfa.policy;

import dev.kcmfa.core.FactorRegistration;
import dev.kcmfa.core.MfaCondition;
import dev.kcmfa.core.MfaEvents;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;

/**
 * "Condition - MFA required by policy": true when the user's effective policy requires a second factor, or makes it
 * optional and the user has enrolled an allowed one; and, whatever the policy, when the login goes on to add a
 * factor for a user who holds one ({@link FactorRegistration#forbidsSkip}).
 */
public class MfaRequiredCondition extends MfaCondition {

    static final MfaRequiredCondition SINGLETON = new MfaRequiredCondition();

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user == null) {
            return false;
        }
        MfaPolicy policy = PolicyResolver.forRequest(context.getSession(), context.getRealm(), user);
        if (policy.requiresMfaOf(user) || FactorRegistration.forbidsSkip(context)) {
            return true;
        }
        context.getEvent().detail(MfaEvents.DETAIL_SKIPPED, policy.enforcement() == Enforcement.OFF
                ? MfaEvents.SKIPPED_POLICY_OFF : MfaEvents.SKIPPED_OPTIONAL_NOT_ENROLLED);
        return false;
    }
}
