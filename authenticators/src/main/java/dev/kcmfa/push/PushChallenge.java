package dev.kcmfa.push;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.kcmfa.core.LoginRequest;
import dev.kcmfa.core.OneTimeCode;
import org.keycloak.common.util.Time;

/**
 * One push sign-in request: whose login it is, the number the user must match, the nonce the phone signs, until when
 * it lasts, and the phone's answer once it came. Only the id travels through FCM; the phone fetches the rest over an
 * authenticated call. A value: a change (the tool's number, the answer) is a new challenge, which the caller stores.
 *
 * @param id                  random, the only part a push notification carries
 * @param login               the login this challenge belongs to: a browser's root authentication session, or for an
 *                            app's backchannel (CIBA) request {@value #BACKCHANNEL} and the request's id
 * @param number              the digits the user types on the phone; empty where a standard tool sent none (the admin
 *                            allows pushes without number matching, and the phone then warns), and for a backchannel
 *                            request, whose binding message the phone shows instead
 * @param expiresAt           epoch seconds at which an unanswered challenge expires
 * @param ttlSeconds          the lifetime it was started with
 * @param request             what the phone shows the user about the sign-in
 * @param answer              {@link Status#PENDING} until the phone answers, then the answer
 * @param answeringCredential the credential id of the phone that answered; null until one has
 */
public record PushChallenge(String id, String realmId, String userId, String login, String number,
        String nonce, long expiresAt, int ttlSeconds, LoginRequest request, Status answer,
        String answeringCredential) {

    public enum Status {
        PENDING, APPROVED, DENIED, WRONG_NUMBER, FRAUD, EXPIRED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The status of this {@link #id}, if any. */
        static Optional<Status> of(String id) {
            return Arrays.stream(values()).filter(status -> status.id().equals(id)).findFirst();
        }
    }

    /** How the {@link #login} of an app's backchannel (CIBA) request starts; a browser's session id never does. */
    static final String BACKCHANNEL = "ciba.";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new, unanswered challenge with a random id, number and nonce. */
    static PushChallenge create(String realmId, String userId, String login, int ttlSeconds,
            LoginRequest request) {
        return new PushChallenge(OneTimeCode.generateKey(16), realmId, userId, login,
                Integer.toString(10 + RANDOM.nextInt(90)), OneTimeCode.generateKey(16),
                Time.currentTime() + ttlSeconds, ttlSeconds, request, Status.PENDING, null);
    }

    /** Whether the wait is over: anything but pending. */
    static boolean answered(Status status) {
        return status != Status.PENDING;
    }

    /**
     * The number shown somewhere else than in a browser: a standard tool (direct grant) chooses it and shows it to
     * its user; empty where the admin allows pushes without number matching (the phone then warns), and for a
     * backchannel request (the phone shows its binding message).
     */
    PushChallenge withNumber(String shownNumber) {
        return new PushChallenge(id, realmId, userId, login, shownNumber, nonce, expiresAt, ttlSeconds,
                request, answer, answeringCredential);
    }

    /** The challenge as answered by the phone holding this credential. */
    PushChallenge withAnswer(Status phoneAnswer, String credentialId) {
        return new PushChallenge(id, realmId, userId, login, number, nonce, expiresAt, ttlSeconds,
                request, phoneAnswer, credentialId);
    }

    /** The id of the app's backchannel (CIBA) request this challenge asks the phone about, if it is one. */
    Optional<String> backchannelRequest() {
        return login.startsWith(BACKCHANNEL) ? Optional.of(login.substring(BACKCHANNEL.length())) : Optional.empty();
    }

    /** The answer, or EXPIRED once the lifetime is over while still unanswered. */
    Status status() {
        return answer == Status.PENDING && Time.currentTime() >= expiresAt ? Status.EXPIRED : answer;
    }

    /**
     * What the phone shows so the user can judge the request; the number is not in it, the browser (or the tool)
     * shows that. A backchannel request carries the app's binding message instead, which the phone shows for the user
     * to compare with the app's; any other request without a number carries a warning the phone must show. Apart
     * from {@code userAgent}
     * (an English label, for apps that show it as it is) it holds names and codes, which the app words in its own
     * language: {@code browser} and {@code os} are names from a fixed list, empty when not known.
     */
    Map<String, Object> deviceView() {
        Map<String, Object> view = new HashMap<>();
        view.put("challengeId", id);
        view.put("nonce", nonce);
        view.put("app", request.app());
        view.put("ipAddress", request.ipAddress());
        view.put("userAgent", request.browser());
        view.put("browser", request.device().browser());
        view.put("os", request.device().os());
        view.put("expiresAt", expiresAt);
        view.put("numberRequired", !number.isEmpty());
        if (!request.bindingMessage().isEmpty()) {
            view.put("bindingMessage", request.bindingMessage());
        } else if (number.isEmpty()) {
            view.put("warning", "no_number_matching");
        }
        return view;
    }

    /** The exact bytes a phone signs to answer: {@code challengeId|nonce|decision|number}. */
    String signedText(String decision, String typedNumber) {
        return id + "|" + nonce + "|" + decision + "|" + typedNumber;
    }
}
