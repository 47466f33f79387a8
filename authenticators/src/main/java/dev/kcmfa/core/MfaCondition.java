package dev.kcmfa.core;

import java.util.Map;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.AuthenticatorConfigModel;

/**
 * What the bundle's flow conditions share: they show no page, need the user identified by an earlier step, hold no
 * state, and read an optional per-execution config that may be missing.
 */
public abstract class MfaCondition extends MfaStep implements ConditionalAuthenticator {

    /** Config key of the "Negate output" switch that conditions offer. */
    public static final String CONF_NEGATE = "negate";

    protected static Map<String, String> config(AuthenticationFlowContext context) {
        AuthenticatorConfigModel model = context.getAuthenticatorConfig();
        return model == null || model.getConfig() == null ? Map.of() : model.getConfig();
    }

    /**
     * The condition's answer after "Negate output". A negated condition that matched lets the login skip MFA, so
     * the login event says why; unless the login goes on to add a factor for a user who holds one, which no skip
     * may spare ({@link FactorRegistration#forbidsSkip}).
     */
    protected static boolean answer(AuthenticationFlowContext context, boolean matched, String skipReason) {
        boolean negate = Boolean.parseBoolean(config(context).get(CONF_NEGATE));
        if (matched && negate) {
            if (FactorRegistration.forbidsSkip(context)) {
                return true;
            }
            context.getEvent().detail(MfaEvents.DETAIL_SKIPPED, skipReason);
        }
        return matched != negate;
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // a condition shows no page
    }
}
