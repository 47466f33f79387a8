package dev.kcmfa.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

/**
 * How often something may be sent to one user, counted across all of the user's logins and all cluster nodes. Per-login
 * limits alone would let anyone who knows the password flood the user's inbox or phone by starting login after login.
 *
 * <p>The cooldown and the hourly cap count per (user, source address): someone with the password who spends the
 * allowance from their address leaves the user's own allowance, from the user's address, untouched. A larger ceiling
 * per user across all sources bounds what many addresses together can send. IPv6 sources count per /64, the block one
 * subscriber usually gets, so that walking through one's own addresses does not make new sources.
 *
 * <p>The counters live in Keycloak's single-use-object store, whose {@code putIfAbsent} is atomic across the cluster:
 * the cooldown is one key, each cap is that many slot keys that each live an hour, and a send takes the first free
 * slot of each. Two logins racing on two nodes cannot both take the same slot. A send refused by one limit gives back
 * what it took from the others. The cooldown key also holds when it was taken, so that a login the cooldown stopped
 * can say how long is left; that time, not the store's expiry (which may come a moment late), ends the cooldown.
 */
public final class UserSendLimit {

    public enum Verdict {
        SEND, COOLDOWN, HOURLY_CAP
    }

    private static final long HOUR_SECONDS = 3600;
    private static final String NOTE_TAKEN_AT = "takenAt";

    private final SingleUseObjectProvider store;
    private final String userPrefix;
    private final String sourcePrefix;
    private final int cooldownSeconds;
    private final int perSourcePerHour;
    private final int perUserPerHour;
    /** The keys the last send took, so that a send refused by another limit can give them back. */
    private final List<String> held = new ArrayList<>();

    private UserSendLimit(SingleUseObjectProvider store, String userPrefix, String sourcePrefix, int cooldownSeconds,
            int perSourcePerHour, int perUserPerHour) {
        this.store = store;
        this.userPrefix = userPrefix;
        this.sourcePrefix = sourcePrefix;
        this.cooldownSeconds = cooldownSeconds;
        this.perSourcePerHour = perSourcePerHour;
        this.perUserPerHour = perUserPerHour;
    }

    /**
     * The limit for sending {@code what} (e.g. "email") to {@code user} for the current request's client address. A
     * per-source cap above the ceiling counts as the ceiling.
     */
    public static UserSendLimit of(KeycloakSession session, RealmModel realm, UserModel user, String what,
            int cooldownSeconds, int perSourcePerHour, int perUserPerHour) {
        String userPrefix = "mfa.send." + what + "." + realm.getId() + "." + user.getId() + ".";
        String source = ClientAddress.source(session.getContext().getConnection().getRemoteAddr());
        return new UserSendLimit(session.singleUseObjects(), userPrefix, userPrefix + "from." + source + ".",
                cooldownSeconds, Math.min(perSourcePerHour, perUserPerHour), perUserPerHour);
    }

    /**
     * The limit for sending {@code what} to one recipient (a phone number, named by {@code recipient}, best a
     * fingerprint) whichever user asks, from any address: {@code perHour} sends an hour, no cooldown. It keeps the
     * accounts of one household, or accounts made to harass, from multiplying what one number receives.
     */
    public static UserSendLimit acrossUsers(KeycloakSession session, RealmModel realm, String what, String recipient,
            int perHour) {
        String prefix = "mfa.send." + what + "." + realm.getId() + ".to." + recipient + ".";
        return new UserSendLimit(session.singleUseObjects(), prefix, prefix, 0, perHour, perHour);
    }

    /** One send taken from every limit, or from none: the verdict of the first limit that refuses. */
    public static Verdict tryAcquireAll(List<UserSendLimit> limits) {
        for (int i = 0; i < limits.size(); i++) {
            Verdict verdict = limits.get(i).tryAcquire();
            if (verdict != Verdict.SEND) {
                limits.subList(0, i).forEach(UserSendLimit::release);
                return verdict;
            }
        }
        return Verdict.SEND;
    }

    /** Takes one send if no cooldown runs and no cap is reached; says which limit stopped it if not. */
    public Verdict tryAcquire() {
        held.clear();
        if (cooldownSeconds > 0 && !takeCooldown(held)) {
            return Verdict.COOLDOWN;
        }
        // a limit on one recipient has one set of slots, which its source and user prefixes both name
        boolean oneCap = sourcePrefix.equals(userPrefix);
        if (takeSlot(sourcePrefix, perSourcePerHour, held) && (oneCap || takeSlot(userPrefix, perUserPerHour, held))) {
            if (cooldownSeconds > 0) {
                store.put(cooldownKey(), cooldownSeconds, Map.of(NOTE_TAKEN_AT, Long.toString(Time.currentTime())));
            }
            return Verdict.SEND;
        }
        release();
        return Verdict.HOURLY_CAP;
    }

    /** Gives back what the last {@link #tryAcquire} took. */
    private void release() {
        held.forEach(store::remove);
        held.clear();
    }

    /**
     * Whether a send would find a free slot under both hourly caps now, taking nothing: for a caller that must refuse
     * before it can send (a request whose refusal comes earlier than its send). The cooldown is not looked at.
     */
    public boolean hourlyAllowanceLeft() {
        return freeSlot(sourcePrefix, perSourcePerHour) && freeSlot(userPrefix, perUserPerHour);
    }

    private boolean freeSlot(String prefix, int slots) {
        for (int slot = 1; slot <= slots; slot++) {
            if (!store.contains(prefix + "hour." + slot)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Seconds until the cooldown that the last send from this user and address started is over; 0 when none runs. A
     * send whose time is not stored yet (it is written when its request ends) counts as one just now.
     */
    public long cooldownLeftSeconds() {
        return cooldownSeconds > 0 ? secondsLeft(store.get(cooldownKey())) : 0;
    }

    private long secondsLeft(Map<String, String> cooldown) {
        if (cooldown == null) {
            return 0;
        }
        String takenAt = cooldown.get(NOTE_TAKEN_AT);
        return takenAt == null ? cooldownSeconds
                : Math.max(0, cooldownSeconds - (Time.currentTime() - Long.parseLong(takenAt)));
    }

    /**
     * A cooldown whose time is over but whose key the store still keeps is taken over by one request only: the
     * takeover itself is a key named after the old cooldown's start, which only one request can add. Removing and
     * taking the cooldown key alone would let two requests that both saw it over remove each other's new one.
     */
    private boolean takeCooldown(List<String> taken) {
        if (take(cooldownKey(), cooldownSeconds, taken)) {
            return true;
        }
        Map<String, String> over = store.get(cooldownKey());
        if (over == null) {
            return take(cooldownKey(), cooldownSeconds, taken);
        }
        if (secondsLeft(over) > 0
                || !store.putIfAbsent(cooldownKey() + ".over." + over.get(NOTE_TAKEN_AT), cooldownSeconds)) {
            return false;
        }
        store.remove(cooldownKey());
        return take(cooldownKey(), cooldownSeconds, taken);
    }

    private String cooldownKey() {
        return sourcePrefix + "cooldown";
    }

    private boolean takeSlot(String prefix, int slots, List<String> taken) {
        for (int slot = 1; slot <= slots; slot++) {
            if (take(prefix + "hour." + slot, HOUR_SECONDS, taken)) {
                return true;
            }
        }
        return false;
    }

    private boolean take(String key, long seconds, List<String> taken) {
        if (store.putIfAbsent(key, seconds)) {
            taken.add(key);
            return true;
        }
        return false;
    }
}
