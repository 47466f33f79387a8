package dev.kcmfa.policy;

import java.util.Set;
import java.util.stream.Collectors;

import dev.kcmfa.core.MfaCondition;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaMethod;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;

/**
 * "Condition - MFA method": matches when the configured method is the one this user's login should use (see
 * {@link MfaPolicy#methodFor}). One conditional sub-flow per method, each starting with this condition, makes
 * exactly one method run, in the policy's order of preference, passing over methods this login found unavailable
 * ({@link MethodFallback}).
 */
public class MfaMethodCondition extends MfaCondition {

    static final MfaMethodCondition SINGLETON = new MfaMethodCondition();
    static final String CONF_METHOD = "method";
    /** Configured instead of a method: matches when no method applies, for a sub-flow that denies access. */
    static final String NONE = "none";

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        String configured = config(context).get(CONF_METHOD);
        if (user == null || configured == null) {
            return false;
        }
        return chosenMethod(context, user).equals(configured);
    }

    /**
     * The method for this user, worked out once per request: every method's sub-flow asks, and Keycloak evaluates
     * conditions more than once per request, each time looking up the user's credentials.
     */
    private static String chosenMethod(AuthenticationFlowContext context, UserModel user) {
        String key = "mfa.method.chosen." + user.getId();
        String chosen = context.getSession().getAttribute(key, String.class);
        if (chosen == null) {
            Set<MfaMethod> unavailable = MethodFallback.unavailable(context.getAuthenticationSession());
            chosen = PolicyResolver.forRequest(context.getSession(), context.getRealm(), user)
                    .methodFor(user, unavailable).map(MfaMethod::id).orElse(NONE);
            context.getSession().setAttribute(key, chosen);
            if (!unavailable.isEmpty()) {
                context.getEvent().detail(MfaEvents.DETAIL_FALLBACK_FROM,
                        unavailable.stream().map(MfaMethod::id).collect(Collectors.joining(",")));
            }
        }
        return chosen;
    }
}
