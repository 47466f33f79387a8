package dev.kcmfa.push;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.kcmfa.core.LoginRequest;
import dev.kcmfa.core.OneTimeCode;
import dev.kcmfa.core.AnswerWaits;
import dev.kcmfa.core.StoreNow;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * One push sign-in request, kept in Keycloak's single-use-object store so that the phone's answer, received by any
 * cluster node, is seen by the node where the browser waits. Only the id travels through FCM; the number the user
 * must match and the nonce the phone signs are fetched by the phone over an authenticated call.
 *
 * <p>Answers are single-use by construction: the first answer takes an "answered" marker with {@code putIfAbsent},
 * which is atomic cluster-wide; every later answer, replayed or concurrent, finds the marker and is refused.
 */
public final class PushChallenge {

    public enum Status {
        PENDING, APPROVED, DENIED, WRONG_NUMBER, FRAUD, EXPIRED;

        public String id() {
            return name().toLowerCase();
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "mfa.push.challenge.";
    /** Kept a little longer than the challenge, so a late answer is told "expired" rather than "unknown". */
    private static final int GRACE_SECONDS = 30;

    private final String id;
    private final Map<String, String> notes;

    private PushChallenge(String id, Map<String, String> notes) {
        this.id = id;
        this.notes = notes;
    }

    /**
     * Starts the user's one pending challenge, or returns empty while another browser's challenge for the same user
     * is pending (the slot is claimed with {@code putIfAbsent}, atomic cluster-wide). The same browser asking again
     * replaces its own challenge. The caller adds the context and saves it.
     */
    static Optional<PushChallenge> start(KeycloakSession session, String realmId, String userId,
            String browserSession, int ttlSeconds) {
        SingleUseObjectProvider store = session.singleUseObjects();
        String slot = slotKey(realmId, userId);
        if (!store.putIfAbsent(slot, ttlSeconds)) {
            Map<String, String> holder = store.get(slot);
            if (holder == null || !browserSession.equals(holder.get("browser"))) {
                return Optional.empty();
            }
            load(session, holder.get("challenge")).ifPresent(old -> old.remove(session));
            store.remove(slot);
            if (!store.putIfAbsent(slot, ttlSeconds)) {
                return Optional.empty();
            }
        }
        PushChallenge challenge = create(realmId, userId, browserSession, ttlSeconds);
        StoreNow.put(session, slot, ttlSeconds, Map.of("challenge", challenge.id, "browser", browserSession));
        return Optional.of(challenge);
    }

    /** The store key a browser or token request waiting on this challenge's answer is woken for. */
    static String wakeupKey(String id) {
        return PREFIX + id;
    }

    /** Whether the wait is over: anything but pending. */
    static boolean answered(Status status) {
        return status != Status.PENDING;
    }

    /** A challenge that is gone (finished, or never existed in this realm) reads as expired. */
    static Status statusOf(KeycloakSession session, String id, String realmId) {
        return load(session, id).filter(c -> realmId.equals(c.realmId())).map(PushChallenge::status)
                .orElse(Status.EXPIRED);
    }

    /** The user's pending challenge, if any: what a phone without working push notifications asks for. */
    static Optional<PushChallenge> pendingFor(KeycloakSession session, String realmId, String userId) {
        Map<String, String> holder = session.singleUseObjects().get(slotKey(realmId, userId));
        return Optional.ofNullable(holder).map(h -> h.get("challenge"))
                .flatMap(id -> load(session, id))
                .filter(c -> c.status() == Status.PENDING);
    }

    private static String slotKey(String realmId, String userId) {
        return "mfa.push.pending." + realmId + "." + userId;
    }

    private static PushChallenge create(String realmId, String userId, String browserSession, int ttlSeconds) {
        Map<String, String> notes = new HashMap<>();
        notes.put("realm", realmId);
        notes.put("user", userId);
        notes.put("browser", browserSession);
        notes.put("number", Integer.toString(10 + RANDOM.nextInt(90)));
        notes.put("nonce", OneTimeCode.generateKey(16));
        notes.put("status", Status.PENDING.id());
        notes.put("expiresAt", Long.toString(Time.currentTime() + ttlSeconds));
        notes.put("ttl", Integer.toString(ttlSeconds));
        return new PushChallenge(OneTimeCode.generateKey(16), notes);
    }

    static Optional<PushChallenge> load(KeycloakSession session, String id) {
        if (id == null || id.length() > 64) {
            return Optional.empty();
        }
        Map<String, String> notes = session.singleUseObjects().get(PREFIX + id);
        return notes == null ? Optional.empty() : Optional.of(new PushChallenge(id, new HashMap<>(notes)));
    }

    /**
     * For standard tools (direct grant) the tool chooses the number and shows it to its user, in place of the
     * browser; empty only where the admin allows pushes without number matching, and the phone then warns.
     */
    PushChallenge withNumberFromTool(String number) {
        notes.put("number", number);
        return this;
    }

    PushChallenge withContext(LoginRequest request) {
        notes.put("app", request.app());
        notes.put("ipAddress", request.ipAddress());
        notes.put("userAgent", request.browser());
        notes.put("deviceBrowser", request.device().browser());
        notes.put("deviceOs", request.device().os());
        return this;
    }

    void save(KeycloakSession session) {
        long remaining = Math.max(1, expiresAt() - Time.currentTime());
        StoreNow.put(session, PREFIX + id, remaining + GRACE_SECONDS, notes);
    }

    /**
     * Records the phone's answer once. Returns false when the challenge was already answered (a replay, or a second
     * device racing the first): the stored status is then left as it was.
     */
    boolean answer(KeycloakSession session, Status status, String credentialId) {
        SingleUseObjectProvider store = session.singleUseObjects();
        if (!store.putIfAbsent(PREFIX + id + ".answered", ttlSeconds() + GRACE_SECONDS)) {
            return false;
        }
        notes.put("status", status.id());
        notes.put("credential", credentialId);
        save(session);
        AnswerWaits.of(session).announce(wakeupKey(id));
        return true;
    }

    void remove(KeycloakSession session) {
        session.singleUseObjects().remove(PREFIX + id);
    }

    /** Ends the challenge and frees the user's pending slot for the next login. */
    void finish(KeycloakSession session) {
        remove(session);
        Map<String, String> holder = session.singleUseObjects().get(slotKey(realmId(), userId()));
        if (holder != null && id.equals(holder.get("challenge"))) {
            session.singleUseObjects().remove(slotKey(realmId(), userId()));
        }
    }

    public String id() {
        return id;
    }

    String realmId() {
        return notes.get("realm");
    }

    String userId() {
        return notes.get("user");
    }

    /** The browser's root authentication session: the login this challenge belongs to. */
    String browserSession() {
        return notes.get("browser");
    }

    String number() {
        return notes.get("number");
    }

    String nonce() {
        return notes.get("nonce");
    }

    String loginIpAddress() {
        return notes.get("ipAddress");
    }

    String answeringCredential() {
        return notes.get("credential");
    }

    long expiresAt() {
        return Long.parseLong(notes.get("expiresAt"));
    }

    private int ttlSeconds() {
        return Integer.parseInt(notes.get("ttl"));
    }

    /** The stored status, or EXPIRED once the lifetime is over while still unanswered. */
    Status status() {
        Status stored = Status.valueOf(notes.get("status").toUpperCase());
        return stored == Status.PENDING && Time.currentTime() >= expiresAt() ? Status.EXPIRED : stored;
    }

    /**
     * What the phone shows so the user can judge the request; the number is not in it, the browser (or the tool)
     * shows that. A request without a number carries a warning the phone must show. Apart from {@code userAgent}
     * (an English label, for apps that show it as it is) it holds names and codes, which the app words in its own
     * language: {@code browser} and {@code os} are names from a fixed list, empty when not known.
     */
    Map<String, Object> deviceView() {
        Map<String, Object> view = new HashMap<>();
        view.put("challengeId", id);
        view.put("nonce", nonce());
        view.put("app", notes.get("app"));
        view.put("ipAddress", notes.get("ipAddress"));
        view.put("userAgent", notes.get("userAgent"));
        view.put("browser", notes.get("deviceBrowser"));
        view.put("os", notes.get("deviceOs"));
        view.put("expiresAt", expiresAt());
        view.put("numberRequired", !number().isEmpty());
        if (number().isEmpty()) {
            view.put("warning", "no_number_matching");
        }
        return view;
    }

    /** The exact bytes a phone signs to answer: {@code challengeId|nonce|decision|number}. */
    String signedText(String decision, String number) {
        return id + "|" + nonce() + "|" + decision + "|" + number;
    }
}
