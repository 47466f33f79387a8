package dev.kcmfa.core;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The registry of second factors: every {@link MfaMethod} registered in {@code META-INF/services}, in rank order.
 * Everything that lists methods (policy validation, the console's and the flow editor's options, the admin reset,
 * the offers of another method) asks here, so a new method is one package and one registration.
 */
public final class MfaMethods {

    private static final List<MfaMethod> ALL = ServiceLoader.load(MfaMethod.class, MfaMethod.class.getClassLoader())
            .stream().map(ServiceLoader.Provider::get).sorted(Comparator.comparingInt(MfaMethod::rank)).toList();

    private MfaMethods() {
    }

    public static List<MfaMethod> all() {
        return ALL;
    }

    public static Optional<MfaMethod> byId(String id) {
        return ALL.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** "push, totp, email, duo": for messages that list what a policy's methods may name (no backup). */
    public static String ids() {
        return ALL.stream().filter(m -> !m.backupOnly()).map(MfaMethod::id).collect(Collectors.joining(", "));
    }
}
