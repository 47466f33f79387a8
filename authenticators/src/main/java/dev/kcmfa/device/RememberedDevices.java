package dev.kcmfa.device;

import java.time.Duration;

import dev.kcmfa.policy.MfaPolicy;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.RealmsResource;
import org.keycloak.utils.SecureContextResolver;

/**
 * "Remember this device": after a passed second factor, a cookie signed by the realm (HttpOnly, Secure, realm path)
 * spares the user the second factor on this browser for the policy's {@code rememberDevice} lifetime. It is bound
 * to the user and the realm, and revoked by Keycloak's per-user not-before (set when an admin resets the user's MFA
 * or signs the user out). All state is in the cookie and in Keycloak: nothing to share between nodes. The step
 * "MFA - second factor" asks, after any method.
 */
public final class RememberedDevices {

    public static final String COOKIE = "KC_MFA_DEVICE";
    /** The checkbox on the second-factor pages. */
    private static final String FORM_FIELD = "rememberDevice";
    /** Sent with the checkbox, ticked or not: the user has been asked on the page. */
    private static final String FORM_FIELD_OFFERED = "rememberDeviceOffered";
    static final String TEMPLATE_ATTRIBUTE = "mfaRememberDevice";
    /** Browsers keep a cookie at most 400 days, whatever it asks for. */
    static final Duration BROWSER_MAX = Duration.ofDays(400);

    private final KeycloakSession session;
    private final RealmModel realm;

    public RememberedDevices(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Shows the "Remember this device" box on a second-factor page when the policy allows remembering. */
    public static LoginFormsProvider offerOn(LoginFormsProvider form, MfaPolicy policy) {
        return policy.rememberDevice().isNever() ? form : form.setAttribute(TEMPLATE_ATTRIBUTE, Boolean.TRUE);
    }

    /** Whether the page this form post came from offered the box ({@link #offerOn}), ticked or not. */
    public static boolean offeredOnPage(AuthenticationFlowContext context) {
        var form = context.getHttpRequest().getDecodedFormParameters();
        return form.containsKey(FORM_FIELD_OFFERED) || form.containsKey(FORM_FIELD);
    }

    /** Whether the user ticked the box on the page this form post came from. */
    public static boolean askedOnPage(AuthenticationFlowContext context) {
        return "on".equals(context.getHttpRequest().getDecodedFormParameters().getFirst(FORM_FIELD));
    }

    /** Remembers this browser for the user for the policy's lifetime (at most a browser's), if the policy allows. */
    public void remember(UserModel user, MfaPolicy policy) {
        if (policy.rememberDevice().isNever()) {
            return;
        }
        Duration lifetime = policy.rememberDevice().lifetime().compareTo(BROWSER_MAX) < 0
                ? policy.rememberDevice().lifetime() : BROWSER_MAX;
        long now = Time.currentTime();
        String token = session.tokens().encode(
                new RememberedDeviceToken(user.getId(), realm.getId(), now, now + lifetime.toSeconds()));
        session.getContext().getHttpResponse().setCookieIfAbsent(new NewCookie.Builder(COOKIE)
                .value(token)
                .path(cookiePath())
                .maxAge((int) lifetime.toSeconds())
                .httpOnly(true)
                .secure(SecureContextResolver.isSecureContext(session))
                .sameSite(NewCookie.SameSite.LAX)
                .build());
    }

    /**
     * True when this browser holds a valid cookie for this user: signed by this realm, not expired, not older than
     * the user's not-before, and within what the user's policy allows now (a shortened policy applies at once).
     */
    public boolean isRemembered(UserModel user, MfaPolicy policy) {
        Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(COOKIE);
        if (cookie == null || policy.rememberDevice().isNever()) {
            return false;
        }
        RememberedDeviceToken token = session.tokens().decode(cookie.getValue(), RememberedDeviceToken.class);
        long now = Time.currentTime();
        return token != null
                && user.getId().equals(token.userId())
                && realm.getId().equals(token.realmId())
                && now < token.expiresAt()
                && (policy.rememberDevice().isForever()
                    || now < token.issuedAt() + policy.rememberDevice().lifetime().toSeconds())
                && token.issuedAt() > session.users().getNotBeforeOfUser(realm, user);
    }

    private String cookiePath() {
        return RealmsResource.realmBaseUrl(session.getContext().getUri()).path("/").build(realm.getName()).getRawPath();
    }
}
