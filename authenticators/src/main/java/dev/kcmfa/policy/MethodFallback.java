package dev.kcmfa.policy;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaMethods;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.services.util.AuthenticationFlowURLHelper;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The methods one login found unavailable, so that the step "MFA - second factor" picks the user's next usable method.
 * Kept in the login's authentication session: it lasts for this login only, on whichever node serves it.
 */
public final class MethodFallback {

    static final String NOTE_UNAVAILABLE = "mfa.methods.unavailable";

    private MethodFallback() {
    }

    public static Set<MfaMethod> unavailable(AuthenticationSessionModel authSession) {
        String note = authSession.getAuthNote(NOTE_UNAVAILABLE);
        Set<MfaMethod> methods = new LinkedHashSet<>();
        if (note != null) {
            Arrays.stream(note.split(",")).map(MfaMethods::byId).flatMap(Optional::stream)
                    .forEach(methods::add);
        }
        return methods;
    }

    /**
     * Passes over {@code method} for the rest of this login and sends the browser back to the flow, whose method
     * conditions then choose again (on the next request: they decide once per request). Back to the flow this login
     * is on: the browser login, or the reset-credentials flow of a "forgot password" link. Call it only when the
     * user can pass another allowed method ({@link MfaPolicy#fallbackFor}).
     */
    public static void chooseAnotherThan(AuthenticationFlowContext context, MfaMethod method) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        markUnavailable(authSession, method);
        String flowPath = Optional.ofNullable(authSession.getAuthNote(AuthenticationProcessor.CURRENT_FLOW_PATH))
                .orElse(LoginActionsService.AUTHENTICATE_PATH);
        context.challenge(Response.seeOther(new AuthenticationFlowURLHelper(context.getSession(), context.getRealm(),
                context.getUriInfo()).getLastExecutionUrl(flowPath, null, authSession.getClient().getClientId(),
                authSession.getTabId(), AuthenticationProcessor.getClientData(context.getSession(), authSession)))
                .build());
    }

    /**
     * Passes over {@code method} as {@link #chooseAnotherThan} does when the user can pass another allowed method.
     *
     * @return false, with nothing done, when the user has no other method
     */
    public static boolean tryAnotherThan(AuthenticationFlowContext context, MfaMethod method) {
        boolean another = PolicyResolver.forRequest(context.getSession(), context.getRealm(), context.getUser())
                .fallbackFor(context.getUser(), Set.of(method)).isPresent();
        if (another) {
            chooseAnotherThan(context, method);
        }
        return another;
    }

    private static void markUnavailable(AuthenticationSessionModel authSession, MfaMethod method) {
        Set<MfaMethod> methods = unavailable(authSession);
        methods.add(method);
        authSession.setAuthNote(NOTE_UNAVAILABLE,
                methods.stream().map(MfaMethod::id).collect(Collectors.joining(",")));
    }
}
