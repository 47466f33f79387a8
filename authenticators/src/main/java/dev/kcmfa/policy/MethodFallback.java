package dev.kcmfa.policy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.kcmfa.core.MfaMethod;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The methods one login found unavailable, so that {@link MfaMethodCondition} picks the user's next usable method.
 * Kept in the login's authentication session: it lasts for this login only, on whichever node serves it.
 */
public final class MethodFallback {

    static final String NOTE_UNAVAILABLE = "mfa.methods.unavailable";

    private MethodFallback() {
    }

    public static Set<MfaMethod> unavailable(AuthenticationSessionModel authSession) {
        String note = authSession.getAuthNote(NOTE_UNAVAILABLE);
        Set<MfaMethod> methods = EnumSet.noneOf(MfaMethod.class);
        if (note != null) {
            Arrays.stream(note.split(",")).map(MfaMethod::fromId).flatMap(Optional::stream)
                    .forEach(methods::add);
        }
        return methods;
    }

    public static void markUnavailable(AuthenticationSessionModel authSession, MfaMethod method) {
        Set<MfaMethod> methods = unavailable(authSession);
        methods.add(method);
        authSession.setAuthNote(NOTE_UNAVAILABLE,
                methods.stream().map(MfaMethod::id).collect(Collectors.joining(",")));
    }
}
