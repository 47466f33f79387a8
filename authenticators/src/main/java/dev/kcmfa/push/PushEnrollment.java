package dev.kcmfa.push;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.kcmfa.core.FactorRegistration;
import dev.kcmfa.core.OneTimeCode;
import dev.kcmfa.core.AnswerWaits;
import dev.kcmfa.core.SecondFactors;
import dev.kcmfa.core.StoreNow;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.utils.QRCodeUtils;

/**
 * Enrolling a phone from the browser: the page shows a QR code of an enrollment URL holding a single-use token; the
 * phone posts its key to that URL; the browser, waiting on the enrollment's status, then carries on. Everything lives
 * in the single-use-object store, so it works on any node, within ten minutes:
 * <ul>
 * <li>the token, under its SHA-256 only, naming its enrollment; redeeming it removes it atomically, so it works once;
 * <li>the enrollment: its realm, the browser (root authentication session) whose page shows it, whether that
 * login had passed a second factor, its round, and once enrolled the new credential;
 * <li>the user's enrollment round: every page shown meanwhile belongs to it, and the first phone to enroll closes it
 * (an atomic {@code putIfAbsent}), which ends every other outstanding enrollment of the user; the winner is written
 * at once, so the other browsers' waits see that their QR code has ended.
 * </ul>
 */
final class PushEnrollment {

    static final int TTL_SECONDS = 600;
    static final String TEMPLATE = "mfa-push-enroll.ftl";
    /** The page's error when Continue is pressed before a phone enrolled. */
    static final String MSG_NOT_ENROLLED_YET = "mfaPushNotEnrolledYet";
    private static final String NOTE = "mfa.push.enrollment";
    private static final String TOKEN_PREFIX = "mfa.push.enroll.";
    private static final String ENROLLMENT_PREFIX = "mfa.push.enrollment.";
    private static final String ROUND_PREFIX = "mfa.push.enroll-round.";
    private static final String CLOSED_PREFIX = "mfa.push.enroll-round-closed.";
    private static final String WINNER_PREFIX = "mfa.push.enroll-round-winner.";

    /** Whether a redeemed token may still enroll a phone, and if not why. */
    enum Claim { GRANTED, SECOND_FACTOR_REQUIRED, SUPERSEDED }

    /** What the browser's wait sees. */
    enum Status {
        PENDING, ENROLLED, ENDED;

        String id() {
            return name().toLowerCase();
        }
    }

    private PushEnrollment() {
    }

    /** Issues a fresh token for this login (a refresh withdraws the previous one) and returns what the page shows. */
    static PushEnrollmentPage start(KeycloakSession session, RealmModel realm, UserModel user,
            AuthenticationSessionModel authSession, UriInfo uriInfo) {
        SingleUseObjectProvider store = session.singleUseObjects();
        current(authSession).ifPresent(previous -> store.remove(TOKEN_PREFIX + previous[1]));
        String token = OneTimeCode.generateKey(24);
        String enrollmentId = OneTimeCode.generateKey(16);
        store.put(ENROLLMENT_PREFIX + enrollmentId, TTL_SECONDS, Map.of("realm", realm.getId(),
                "browser", authSession.getParentSession().getId(), "round", openRound(store, realm, user),
                "factorPassed", Boolean.toString(SecondFactors.passedInSession(session, authSession))));
        store.put(TOKEN_PREFIX + OneTimeCode.fingerprint(token), TTL_SECONDS,
                Map.of("realm", realm.getId(), "user", user.getId(), "enrollment", enrollmentId));
        authSession.setAuthNote(NOTE, enrollmentId + ":" + OneTimeCode.fingerprint(token));
        UriBuilder base = PushEndpoints.base(uriInfo, realm);
        String enrollUrl = base.clone().path("enroll").queryParam("token", token).build().toString();
        String statusUrl = base.clone().path("enrollments").path(enrollmentId).path("status").build().toString();
        return new PushEnrollmentPage(qrCode(enrollUrl), enrollUrl, statusUrl);
    }

    /** The user's open round (a new one when none is), kept as long as the token issued now. */
    private static String openRound(SingleUseObjectProvider store, RealmModel realm, UserModel user) {
        String key = ROUND_PREFIX + realm.getId() + "." + user.getId();
        String round = Optional.ofNullable(store.get(key)).map(r -> r.get("id"))
                .orElseGet(() -> OneTimeCode.generateKey(16));
        store.put(key, TTL_SECONDS, Map.of("id", round));
        return round;
    }

    /** The enrollment page with a fresh QR code, how to get the app, and an error above it when there is one. */
    static Response page(LoginFormsProvider form, KeycloakSession session, RealmModel realm, UserModel user,
            AuthenticationSessionModel authSession, UriInfo uriInfo, PushApp app, String error) {
        form.setAttribute("mfaPush", start(session, realm, user, authSession, uriInfo));
        form.setAttribute("mfaPushApp", app);
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(TEMPLATE);
    }

    /** Whether this login shows (or showed) an enrollment QR code that has not completed yet. */
    static boolean inProgress(AuthenticationSessionModel authSession) {
        return current(authSession).isPresent();
    }

    /**
     * True once the user's phone has enrolled through this login's QR code (and the credential still exists); the
     * enrollment is then forgotten, so it counts once.
     */
    static boolean completed(KeycloakSession session, AuthenticationSessionModel authSession, UserModel user) {
        boolean enrolled = enrollment(session, authSession).map(e -> e.get("credential"))
                .filter(id -> user.credentialManager().getStoredCredentialById(id) != null).isPresent();
        if (enrolled) {
            forget(authSession);
        }
        return enrolled;
    }

    /**
     * True when this login's QR code can no longer finish it: another enrollment of the user won, or the user holds
     * a second factor while this login (and the session it continues) has passed none. False while this login's own
     * phone is being recorded.
     */
    static boolean ended(KeycloakSession session, AuthenticationSessionModel authSession, UserModel user) {
        String id = enrollmentId(authSession);
        Optional<Map<String, String>> enrollment = enrollment(session, authSession);
        if (enrollment.filter(e -> e.containsKey("credential") || winner(session, e).filter(id::equals).isPresent())
                .isPresent()) {
            return false;
        }
        return enrollment.filter(e -> wonByAnother(session, id, e)).isPresent()
                || FactorRegistration.existingFactorFirst(session, authSession, user);
    }

    /** Drops this login's enrollment: it counted, it ended, or the user has a phone by now and is asked for it. */
    static void forget(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(NOTE);
    }

    /** Takes the token out of the store, so it can never be used again: its realm, user and enrollment, if valid. */
    static Optional<Map<String, String>> redeem(KeycloakSession session, String token) {
        if (token == null || token.isBlank() || token.length() > 64) {
            return Optional.empty();
        }
        return Optional.ofNullable(session.singleUseObjects().remove(TOKEN_PREFIX + OneTimeCode.fingerprint(token)));
    }

    /**
     * Decides whether a redeemed token may enroll a phone for {@code user}. A login that passed no second factor may
     * only enroll the user's first one; and only one enrollment of a round wins (an atomic {@code putIfAbsent}
     * closes it), so every other QR code shown to the user meanwhile stops working.
     */
    static Claim claim(KeycloakSession session, RealmModel realm, UserModel user, Map<String, String> token) {
        SingleUseObjectProvider store = session.singleUseObjects();
        Map<String, String> enrollment = store.get(ENROLLMENT_PREFIX + token.get("enrollment"));
        if (enrollment == null) {
            return Claim.SUPERSEDED;
        }
        if (!factorPassed(enrollment) && SecondFactors.heldBy(user)) {
            return Claim.SECOND_FACTOR_REQUIRED;
        }
        String round = enrollment.get("round");
        Map<String, String> open = store.get(ROUND_PREFIX + realm.getId() + "." + user.getId());
        if (open == null || !round.equals(open.get("id")) || !store.putIfAbsent(CLOSED_PREFIX + round, TTL_SECONDS)) {
            return Claim.SUPERSEDED;
        }
        StoreNow.put(session, WINNER_PREFIX + round, TTL_SECONDS, Map.of("enrollment", token.get("enrollment")));
        return Claim.GRANTED;
    }

    /** Records the new phone on its enrollment, for the waiting browser, and opens the user's next round. */
    static void markEnrolled(KeycloakSession session, RealmModel realm, UserModel user, String enrollmentId,
            String credentialId) {
        SingleUseObjectProvider store = session.singleUseObjects();
        Map<String, String> enrollment = store.get(ENROLLMENT_PREFIX + enrollmentId);
        if (enrollment != null) {
            Map<String, String> done = new HashMap<>(enrollment);
            done.put("credential", credentialId);
            store.put(ENROLLMENT_PREFIX + enrollmentId, TTL_SECONDS, done);
        }
        store.put(ROUND_PREFIX + realm.getId() + "." + user.getId(), TTL_SECONDS,
                Map.of("id", OneTimeCode.generateKey(16)));
        if (enrollment != null) {
            AnswerWaits.of(session).announce(wakeupKey(enrollment));
        }
    }

    /**
     * The enrollment with this id, if it is of this realm and shown in this browser (the caller's root
     * authentication session): nobody else may wait on it.
     */
    static Optional<Map<String, String>> shownIn(KeycloakSession session, String enrollmentId, String realmId,
            String browser) {
        if (enrollmentId == null || enrollmentId.length() > 64 || browser == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(session.singleUseObjects().get(ENROLLMENT_PREFIX + enrollmentId))
                .filter(e -> realmId.equals(e.get("realm")) && browser.equals(e.get("browser")));
    }

    /**
     * The store key whose announcement wakes a browser waiting on this enrollment: its round's, since any phone
     * enrolling in the round ends every other enrollment of it.
     */
    static String wakeupKey(Map<String, String> enrollment) {
        return WINNER_PREFIX + enrollment.get("round");
    }

    static Status statusOf(KeycloakSession session, String enrollmentId) {
        Map<String, String> enrollment = session.singleUseObjects().get(ENROLLMENT_PREFIX + enrollmentId);
        if (enrollment != null && enrollment.containsKey("credential")) {
            return Status.ENROLLED;
        }
        return enrollment == null || wonByAnother(session, enrollmentId, enrollment) ? Status.ENDED : Status.PENDING;
    }

    /** Whether another enrollment of this one's round has enrolled a phone (or is doing so right now). */
    private static boolean wonByAnother(KeycloakSession session, String enrollmentId, Map<String, String> enrollment) {
        return winner(session, enrollment).filter(winner -> !winner.equals(enrollmentId)).isPresent();
    }

    /** The enrollment that won this one's round, once one has. */
    private static Optional<String> winner(KeycloakSession session, Map<String, String> enrollment) {
        return Optional.ofNullable(session.singleUseObjects().get(WINNER_PREFIX + enrollment.get("round")))
                .map(winner -> winner.get("enrollment"));
    }

    private static boolean factorPassed(Map<String, String> enrollment) {
        return Boolean.parseBoolean(enrollment.get("factorPassed"));
    }

    private static Optional<Map<String, String>> enrollment(KeycloakSession session,
            AuthenticationSessionModel authSession) {
        return current(authSession).map(parts -> session.singleUseObjects().get(ENROLLMENT_PREFIX + parts[0]));
    }

    private static String enrollmentId(AuthenticationSessionModel authSession) {
        return current(authSession).map(parts -> parts[0]).orElse("");
    }

    private static Optional<String[]> current(AuthenticationSessionModel authSession) {
        return Optional.ofNullable(authSession.getAuthNote(NOTE)).map(note -> note.split(":", 2));
    }

    private static String qrCode(String text) {
        try {
            return QRCodeUtils.encodeAsQRString(text, 246, 246);
        } catch (Exception e) {
            throw new IllegalStateException("could not draw the enrollment QR code", e);
        }
    }
}
