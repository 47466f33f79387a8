package dev.kcmfa.push;

import java.util.Map;
import java.util.Optional;

import dev.kcmfa.core.OneTimeCode;
import dev.kcmfa.core.Polling;
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
 * phone posts its key to that URL; the browser, waiting on the enrollment's status, then carries on. The token is
 * kept in the single-use-object store under its SHA-256 only, and redeeming it removes it atomically, so it works
 * once, on any node, within ten minutes.
 */
final class PushEnrollment {

    static final int TTL_SECONDS = 600;
    private static final String NOTE = "mfa.push.enrollment";
    private static final String TOKEN_PREFIX = "mfa.push.enroll.";
    private static final String DONE_PREFIX = "mfa.push.enrolled.";

    private PushEnrollment() {
    }

    /** Issues a fresh token for this login (a refresh withdraws the previous one) and returns what the page shows. */
    static PushEnrollmentPage start(KeycloakSession session, RealmModel realm, UserModel user,
            AuthenticationSessionModel authSession, UriInfo uriInfo) {
        SingleUseObjectProvider store = session.singleUseObjects();
        current(authSession).ifPresent(previous -> store.remove(TOKEN_PREFIX + previous[1]));
        String token = OneTimeCode.generateKey(24);
        String enrollmentId = OneTimeCode.generateKey(16);
        store.put(TOKEN_PREFIX + OneTimeCode.fingerprint(token), TTL_SECONDS,
                Map.of("realm", realm.getId(), "user", user.getId(), "enrollment", enrollmentId));
        authSession.setAuthNote(NOTE, enrollmentId + ":" + OneTimeCode.fingerprint(token));
        UriBuilder base = PushResource.baseUri(uriInfo, realm);
        String enrollUrl = base.clone().path("enroll").queryParam("token", token).build().toString();
        String statusUrl = base.clone().path("enrollments").path(enrollmentId).path("status").build().toString();
        return new PushEnrollmentPage(qrCode(enrollUrl), enrollUrl, statusUrl);
    }

    /** The enrollment page with a fresh QR code, and an error above it when there is one. */
    static Response page(LoginFormsProvider form, KeycloakSession session, RealmModel realm, UserModel user,
            AuthenticationSessionModel authSession, UriInfo uriInfo, String error) {
        form.setAttribute("mfaPush", start(session, realm, user, authSession, uriInfo));
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(PushAuthenticator.TEMPLATE_ENROLL);
    }

    /**
     * True once the user's phone has enrolled through this login's QR code (and the credential still exists); the
     * enrollment is then forgotten, so it counts once.
     */
    static boolean completed(KeycloakSession session, AuthenticationSessionModel authSession, UserModel user) {
        boolean enrolled = enrolledCredential(session, authSession)
                .filter(id -> user.credentialManager().getStoredCredentialById(id) != null).isPresent();
        if (enrolled) {
            forget(session, authSession);
        }
        return enrolled;
    }

    /** The phone enrolled through this login's QR code, once it has. */
    static Optional<String> enrolledCredential(KeycloakSession session, AuthenticationSessionModel authSession) {
        return current(authSession)
                .map(parts -> session.singleUseObjects().get(DONE_PREFIX + parts[0]))
                .map(done -> done.get("credential"));
    }

    private static void forget(KeycloakSession session, AuthenticationSessionModel authSession) {
        current(authSession).ifPresent(parts -> session.singleUseObjects().remove(DONE_PREFIX + parts[0]));
        authSession.removeAuthNote(NOTE);
    }

    /** Takes the token out of the store, so it can never be used again: its realm, user and enrollment, if valid. */
    static Optional<Map<String, String>> redeem(KeycloakSession session, String token) {
        if (token == null || token.isBlank() || token.length() > 64) {
            return Optional.empty();
        }
        return Optional.ofNullable(session.singleUseObjects().remove(TOKEN_PREFIX + OneTimeCode.fingerprint(token)));
    }

    static void markEnrolled(KeycloakSession session, String enrollmentId, String credentialId) {
        session.singleUseObjects().put(DONE_PREFIX + enrollmentId, TTL_SECONDS, Map.of("credential", credentialId));
    }

    /** Waits (see {@link Polling}) until the phone of this enrollment has registered, for at most {@code seconds}. */
    static boolean awaitEnrollment(KeycloakSession session, String enrollmentId, int seconds) {
        return Polling.until(() -> session.singleUseObjects().contains(DONE_PREFIX + enrollmentId), done -> done,
                Polling.STORE_CHECK_MILLIS, seconds);
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
