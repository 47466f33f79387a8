package dev.kcmfa.device;

import dev.kcmfa.core.MfaCondition;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.policy.PolicyResolver;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;

/**
 * "Condition - device remembered": matches when this browser holds a valid "remember this device" cookie for the
 * user; negated, it runs MFA only on browsers that are not remembered.
 */
public class DeviceRememberedCondition extends MfaCondition {

    static final DeviceRememberedCondition SINGLETON = new DeviceRememberedCondition();

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        boolean remembered = user != null && new RememberedDevices(context.getSession(), context.getRealm())
                .isRemembered(user, PolicyResolver.forRequest(context.getSession(), context.getRealm(), user));
        return answer(context, remembered, MfaEvents.SKIPPED_REMEMBERED_DEVICE);
    }
}
