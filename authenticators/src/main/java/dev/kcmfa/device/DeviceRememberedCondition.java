package dev.kcmfa.device;

import java.util.Map;

import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.policy.PolicyResolver;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * "Condition - device remembered": matches when this browser holds a valid "remember this device" cookie for the
 * user; negated, it runs MFA only on browsers that are not remembered.
 */
public class DeviceRememberedCondition implements ConditionalAuthenticator {

    static final DeviceRememberedCondition SINGLETON = new DeviceRememberedCondition();

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        boolean remembered = user != null && new RememberedDevices(context.getSession(), context.getRealm())
                .isRemembered(user, new PolicyResolver(context.getRealm()).resolve(user));
        boolean negate = Boolean.parseBoolean(config(context).get(DeviceRememberedConditionFactory.CONF_NEGATE));
        if (remembered && negate) {
            context.getEvent().detail(MfaEvents.DETAIL_SKIPPED, MfaEvents.SKIPPED_REMEMBERED_DEVICE);
        }
        return remembered != negate;
    }

    private static Map<String, String> config(AuthenticationFlowContext context) {
        AuthenticatorConfigModel model = context.getAuthenticatorConfig();
        return model == null || model.getConfig() == null ? Map.of() : model.getConfig();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // a condition shows no page
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // nothing to set up
    }

    @Override
    public void close() {
        // stateless
    }
}
