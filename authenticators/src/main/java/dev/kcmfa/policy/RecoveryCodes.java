package dev.kcmfa.policy;

import java.util.Arrays;
import java.util.Optional;

/**
 * Whether a policy's users may keep recovery codes (Keycloak's recovery-authn-codes credential) as a backup of their
 * second factor: {@code off}, or allowed and {@code offer}ed once, right after a login enrolled the user's first
 * factor, or {@code require}d after every login that passed a factor while the user has none. Recovery codes are
 * allowed by this field alone, never listed in {@code methods}: they back the other methods up, never replace them.
 */
public enum RecoveryCodes {
    OFF("off"),
    OFFER("offer"),
    REQUIRE("require");

    private final String id;

    RecoveryCodes(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<RecoveryCodes> fromId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }

    public boolean allowed() {
        return this != OFF;
    }

    /**
     * The strictest of two policies that apply to one user: a way in is allowed only when every policy allows it
     * ({@code off} wins, as methods are intersected), and among those that allow it {@code require} wins.
     */
    RecoveryCodes strictest(RecoveryCodes other) {
        if (this == OFF || other == OFF) {
            return OFF;
        }
        return compareTo(other) >= 0 ? this : other;
    }
}
