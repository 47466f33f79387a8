package dev.kcmfa.core;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

/**
 * How often something may be sent to one user, counted across all of the user's logins and all cluster nodes: a
 * cooldown between two sends and a cap per hour. Per-login limits alone would let anyone who knows the password
 * flood the user's inbox by starting login after login.
 *
 * <p>The counters live in Keycloak's single-use-object store, whose {@code putIfAbsent} is atomic across the cluster:
 * the cooldown is one key, the hourly cap is {@code perHour} slot keys that each live an hour, and a send takes the
 * first free slot. Two logins racing on two nodes cannot both take the same slot.
 */
public final class UserSendLimit {

    public enum Verdict {
        SEND, COOLDOWN, HOURLY_CAP
    }

    private static final long HOUR_SECONDS = 3600;

    private final SingleUseObjectProvider store;
    private final String keyPrefix;
    private final int cooldownSeconds;
    private final int perHour;

    private UserSendLimit(SingleUseObjectProvider store, String keyPrefix, int cooldownSeconds, int perHour) {
        this.store = store;
        this.keyPrefix = keyPrefix;
        this.cooldownSeconds = cooldownSeconds;
        this.perHour = perHour;
    }

    /** The limit for sending {@code what} (e.g. "email") to {@code user}. */
    public static UserSendLimit of(KeycloakSession session, RealmModel realm, UserModel user, String what,
            int cooldownSeconds, int perHour) {
        return new UserSendLimit(session.singleUseObjects(),
                "mfa.send." + what + "." + realm.getId() + "." + user.getId() + ".", cooldownSeconds, perHour);
    }

    /** Takes one send if the cooldown is over and the hour's cap not reached; says which limit stopped it if not. */
    public Verdict tryAcquire() {
        if (cooldownSeconds > 0 && !store.putIfAbsent(keyPrefix + "cooldown", cooldownSeconds)) {
            return Verdict.COOLDOWN;
        }
        for (int slot = 1; slot <= perHour; slot++) {
            if (store.putIfAbsent(keyPrefix + "hour." + slot, HOUR_SECONDS)) {
                return Verdict.SEND;
            }
        }
        return Verdict.HOURLY_CAP;
    }
}
