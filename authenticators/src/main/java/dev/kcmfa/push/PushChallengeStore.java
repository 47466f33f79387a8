package dev.kcmfa.push;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kcmfa.core.AnswerWaits;
import dev.kcmfa.core.LoginRequest;
import dev.kcmfa.core.RequestDevice;
import dev.kcmfa.core.StoreNow;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Where push challenges live: Keycloak's single-use-object store, so that the phone's answer, received by any
 * cluster node, is seen by the node where the browser waits. Only this class reads and writes them. The store holds
 * string maps; their keys and values are the stored format, which nodes of different versions share during a rolling
 * upgrade, so they change only with a reader for the old ones. An entry that does not read as a challenge is taken
 * for none.
 *
 * <p>Answers are single-use by construction: the first answer takes an "answered" marker with {@code putIfAbsent},
 * which is atomic cluster-wide; every later answer, replayed or concurrent, finds the marker and is refused.
 */
final class PushChallengeStore {

    private static final String PREFIX = "mfa.push.challenge.";
    /** Kept a little longer than the challenge, so a late answer is told "expired" rather than "unknown". */
    private static final int GRACE_SECONDS = 30;
    /** Ids are 16 characters; a longer one (from a phone or a browser) is not looked up. */
    private static final int MAX_ID = 64;
    /** The fields without which an entry is no challenge; {@code credential} comes with the answer. */
    private static final List<String> REQUIRED = List.of("realm", "user", "browser", "number", "nonce", "app",
            "ipAddress", "deviceBrowser", "deviceOs");

    private final KeycloakSession session;
    private final SingleUseObjectProvider store;

    private PushChallengeStore(KeycloakSession session) {
        this.session = session;
        this.store = session.singleUseObjects();
    }

    static PushChallengeStore of(KeycloakSession session) {
        return new PushChallengeStore(session);
    }

    /** The store key a browser or token request waiting on this challenge's answer is woken for. */
    static String wakeupKey(String id) {
        return PREFIX + id;
    }

    /**
     * Starts the user's one pending challenge, or returns empty while another browser's challenge for the same user
     * is pending (the slot is claimed with {@code putIfAbsent}, atomic cluster-wide). The same browser asking again
     * replaces its own challenge. The caller saves it, once it holds what the phone is to see.
     */
    Optional<PushChallenge> start(String realmId, String userId, String login, int ttlSeconds,
            LoginRequest request) {
        String slot = slotKey(realmId, userId);
        if (!store.putIfAbsent(slot, ttlSeconds)) {
            Map<String, String> holder = store.get(slot);
            if (holder == null || !login.equals(holder.get("browser"))) {
                return Optional.empty();
            }
            remove(holder.get("challenge"));
            store.remove(slot);
            if (!store.putIfAbsent(slot, ttlSeconds)) {
                return Optional.empty();
            }
        }
        PushChallenge challenge = PushChallenge.create(realmId, userId, login, ttlSeconds, request);
        StoreNow.put(session, slot, ttlSeconds, Map.of("challenge", challenge.id(), "browser", login));
        return Optional.of(challenge);
    }

    /** Written at once, in a transaction of its own: the phone may look it up while this request still runs. */
    void save(PushChallenge challenge) {
        long remaining = Math.max(1, challenge.expiresAt() - Time.currentTime());
        StoreNow.put(session, PREFIX + challenge.id(), remaining + GRACE_SECONDS, notes(challenge));
    }

    Optional<PushChallenge> load(String id) {
        if (id == null || id.length() > MAX_ID) {
            return Optional.empty();
        }
        Map<String, String> notes = store.get(PREFIX + id);
        return notes == null ? Optional.empty() : challenge(id, notes);
    }

    /** A challenge that is gone (finished, or never existed in this realm) reads as expired. */
    PushChallenge.Status statusOf(String id, String realmId) {
        return load(id).filter(c -> realmId.equals(c.realmId())).map(PushChallenge::status)
                .orElse(PushChallenge.Status.EXPIRED);
    }

    /** The user's pending challenge, if any: what a phone without working push notifications asks for. */
    Optional<PushChallenge> pendingFor(String realmId, String userId) {
        return Optional.ofNullable(store.get(slotKey(realmId, userId))).map(holder -> holder.get("challenge"))
                .flatMap(this::load)
                .filter(c -> c.status() == PushChallenge.Status.PENDING);
    }

    /**
     * Records the phone's answer once and wakes whoever waits for it. Returns false when the challenge was already
     * answered (a replay, or a second device racing the first): the stored answer is then left as it was.
     */
    boolean answer(PushChallenge challenge, PushChallenge.Status outcome, String credentialId) {
        if (!store.putIfAbsent(PREFIX + challenge.id() + ".answered", challenge.ttlSeconds() + GRACE_SECONDS)) {
            return false;
        }
        save(challenge.withAnswer(outcome, credentialId));
        AnswerWaits.of(session).announce(wakeupKey(challenge.id()));
        return true;
    }

    /** Ends the challenge and frees the user's pending slot for the next login. */
    void finish(PushChallenge challenge) {
        remove(challenge.id());
        String slot = slotKey(challenge.realmId(), challenge.userId());
        Map<String, String> holder = store.get(slot);
        if (holder != null && challenge.id().equals(holder.get("challenge"))) {
            store.remove(slot);
        }
    }

    private void remove(String id) {
        if (id != null) {
            store.remove(PREFIX + id);
        }
    }

    private static String slotKey(String realmId, String userId) {
        return "mfa.push.pending." + realmId + "." + userId;
    }

    /** The challenge as the store holds it. */
    static Map<String, String> notes(PushChallenge challenge) {
        Map<String, String> notes = new HashMap<>();
        notes.put("realm", challenge.realmId());
        notes.put("user", challenge.userId());
        notes.put("browser", challenge.login());
        notes.put("number", challenge.number());
        notes.put("nonce", challenge.nonce());
        notes.put("status", challenge.answer().id());
        notes.put("expiresAt", Long.toString(challenge.expiresAt()));
        notes.put("ttl", Integer.toString(challenge.ttlSeconds()));
        notes.put("app", challenge.request().app());
        notes.put("ipAddress", challenge.request().ipAddress());
        // the label of the two names below, which are read back instead; kept for nodes that still read it
        notes.put("userAgent", challenge.request().browser());
        notes.put("deviceBrowser", challenge.request().device().browser());
        notes.put("deviceOs", challenge.request().device().os());
        if (!challenge.request().bindingMessage().isEmpty()) {
            notes.put("bindingMessage", challenge.request().bindingMessage());
        }
        if (challenge.answeringCredential() != null) {
            notes.put("credential", challenge.answeringCredential());
        }
        return notes;
    }

    /** The challenge with this id from what the store holds; empty when a field is missing or does not parse. */
    static Optional<PushChallenge> challenge(String id, Map<String, String> notes) {
        Optional<PushChallenge.Status> answer = PushChallenge.Status.of(notes.get("status"));
        Optional<Long> expiresAt = number(notes.get("expiresAt"));
        Optional<Long> ttl = number(notes.get("ttl")).filter(t -> t > 0 && t <= Integer.MAX_VALUE);
        if (answer.isEmpty() || expiresAt.isEmpty() || ttl.isEmpty()
                || !REQUIRED.stream().allMatch(field -> notes.get(field) != null)) {
            return Optional.empty();
        }
        LoginRequest request = new LoginRequest(notes.get("app"), notes.get("ipAddress"),
                new RequestDevice(notes.get("deviceBrowser"), notes.get("deviceOs")),
                notes.getOrDefault("bindingMessage", ""));
        return Optional.of(new PushChallenge(id, notes.get("realm"), notes.get("user"), notes.get("browser"),
                notes.get("number"), notes.get("nonce"), expiresAt.get(), ttl.get().intValue(), request,
                answer.get(), notes.get("credential")));
    }

    private static Optional<Long> number(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
