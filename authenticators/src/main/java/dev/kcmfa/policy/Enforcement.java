package dev.kcmfa.policy;

import java.util.Arrays;
import java.util.Optional;

/** How strongly a policy asks for a second factor, weakest first so that {@code max} is the strictest. */
public enum Enforcement {
    /** No second factor is asked for. */
    OFF("off"),
    /** A second factor is asked for only from users who have enrolled one. */
    OPTIONAL("optional"),
    /** Every user must pass a second factor, enrolling one during the login if needed. */
    REQUIRED("required");

    private final String id;

    Enforcement(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Enforcement> fromId(String id) {
        return Arrays.stream(values()).filter(e -> e.id.equals(id)).findFirst();
    }

    public Enforcement strictest(Enforcement other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
