package dev.kcmfa.policy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

import dev.kcmfa.core.HeldFactorFirst;
import dev.kcmfa.core.MfaCondition;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaMethods;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.core.SecondFactors;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Condition - MFA method": matches when the configured method is the one this user's login should use (see
 * {@link MfaPolicy#methodFor}). One conditional sub-flow per method, each starting with this condition, makes
 * exactly one method run, in the policy's order of preference, passing over methods this login found unavailable
 * ({@link MethodFallback}), and, on a token request, over methods that need a browser while the user can pass another
 * one. A condition whose method is missing or unknown (its config was deleted, say with another
 * flow that shared it) stops the login with a clear page: matching nothing runs no method at all, and what the flow
 * then does is not the condition's to decide.
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
     * conditions more than once per request, each time looking up the user's credentials. When the policy's method
     * needs enrolling and the user holds another factor, the held one runs first ({@link HeldFactorFirst}).
     */
    private static String chosenMethod(AuthenticationFlowContext context, UserModel user) {
        String key = "mfa.method.chosen." + user.getId();
        String chosen = context.getSession().getAttribute(key, String.class);
        if (chosen == null) {
            AuthenticationSessionModel authSession = context.getAuthenticationSession();
            Set<MfaMethod> unavailable = MethodFallback.unavailable(authSession);
            Set<MfaMethod> passedOver = new LinkedHashSet<>(unavailable);
            if (MfaStep.isTokenRequest(context)) {
                // a token request has no browser: a method that needs one runs only when the user has no other
                MfaMethods.all().stream().filter(m -> !m.worksWithoutBrowser()).forEach(passedOver::add);
            }
            // Keycloak evaluates the conditions of the sub-flows not run yet again on later requests: once a method
            // has passed, no other one's sub-flow may start (the policy's method may be usable or enrollable by now)
            chosen = SecondFactors.passedMethod(authSession)
                    .or(() -> PolicyResolver.forRequest(context.getSession(), context.getRealm(), user)
                            .methodFor(user, passedOver).map(m -> HeldFactorFirst.route(authSession, user, m,
                                    SecondFactors.passedInLogin(authSession))))
                    .map(MfaMethod::id).orElse(NONE);
            context.getSession().setAttribute(key, chosen);
            if (!unavailable.isEmpty()) {
                context.getEvent().detail(MfaEvents.DETAIL_FALLBACK_FROM,
                        unavailable.stream().map(MfaMethod::id).collect(Collectors.joining(",")));
            }
        }
        return chosen;
    }
}
