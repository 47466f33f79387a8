package dev.kcmfa.flow;

import java.util.Set;
import java.util.stream.Collectors;

import dev.kcmfa.core.MfaCondition;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaMethods;
import dev.kcmfa.core.SecondFactors;
import dev.kcmfa.policy.MethodFallback;
import dev.kcmfa.policy.PolicyResolver;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Condition - MFA method", for flows of an admin's own built from the per-method steps: matches when the
 * configured method is the one "MFA - second factor" would run first for this user ({@link MethodChoice}). One
 * conditional sub-flow per method, each starting with this condition, makes exactly one method run. A condition
 * whose method is missing or unknown (its config was deleted, say with another flow that shared it) stops the login
 * with a clear page: matching nothing runs no method at all, and what the flow then does is not the condition's to
 * decide.
 */
public class MfaMethodCondition extends MfaCondition {

    static final MfaMethodCondition SINGLETON = new MfaMethodCondition();
    static final String CONF_METHOD = "method";
    /** Configured instead of a method: matches when no method applies, for a sub-flow that denies access. */
    static final String NONE = "none";

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        String configured = config(context).get(CONF_METHOD);
        if (!NONE.equals(configured) && MfaMethods.byId(configured).isEmpty()) {
            throw misconfigured(context, configured == null
                    ? "no method configured" : "unknown method '" + configured + "'");
        }
        UserModel user = context.getUser();
        return user != null && chosenMethod(context, user).equals(configured);
    }

    /**
     * The method for this user, worked out once per request: every method's sub-flow asks, and Keycloak evaluates
     * conditions more than once per request, each time looking up the user's credentials. Keycloak evaluates the
     * conditions of the sub-flows not run yet again on later requests: once a method has passed, no other one's
     * sub-flow may start (the policy's method may be usable or enrollable by now).
     */
    private static String chosenMethod(AuthenticationFlowContext context, UserModel user) {
        String key = "mfa.method.chosen." + user.getId();
        String chosen = context.getSession().getAttribute(key, String.class);
        if (chosen == null) {
            AuthenticationSessionModel authSession = context.getAuthenticationSession();
            chosen = SecondFactors.passedMethod(authSession)
                    .or(() -> MethodChoice.of(context, PolicyResolver.forRequest(context.getSession(),
                            context.getRealm(), user)).map(MethodChoice::current))
                    .map(MfaMethod::id).orElse(NONE);
            context.getSession().setAttribute(key, chosen);
            Set<MfaMethod> unavailable = MethodFallback.unavailable(authSession);
            if (!unavailable.isEmpty()) {
                context.getEvent().detail(MfaEvents.DETAIL_FALLBACK_FROM,
                        unavailable.stream().map(MfaMethod::id).collect(Collectors.joining(",")));
            }
        }
        return chosen;
    }
}
