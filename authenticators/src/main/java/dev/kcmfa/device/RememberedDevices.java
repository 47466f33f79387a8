package dev.kcmfa.device;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import dev.kcmfa.device.RememberedDeviceCredential.Data;
import dev.kcmfa.policy.MfaPolicy;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.device.DeviceRepresentationProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.account.DeviceRepresentation;
import org.keycloak.services.resources.RealmsResource;
import org.keycloak.theme.Theme;
import org.keycloak.utils.SecureContextResolver;

/**
 * "Remember this device": after a passed second factor, a cookie signed by the realm (HttpOnly, Secure, realm path)
 * spares the user the second factor on this browser for the policy's {@code rememberDevice} lifetime. It is bound
 * to the user and the realm, names the browser's remembered-device credential ({@link RememberedDeviceCredential}:
 * the user and admins see it and remove it one by one), and is revoked by removing that credential or by Keycloak's
 * per-user not-before (set when an admin resets the user's MFA or signs the user out). All state is in the cookie
 * and in Keycloak's database: nothing to share between nodes. The step "MFA - second factor" asks, after any
 * method.
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
    /** A remembered browser's last use is written at most this often, to spare the database. */
    static final Duration TOUCH_INTERVAL = Duration.ofHours(1);

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

    /**
     * Remembers this browser for the user for the policy's lifetime (at most a browser's), if the policy allows: a
     * remembered-device credential (the browser's own again when its cookie still names a live one, else a new one)
     * and a cookie naming it. Entries of the user that no longer count (expired, revoked by not-before, beyond a
     * shortened policy) are removed first.
     */
    public void remember(UserModel user, MfaPolicy policy) {
        if (policy.rememberDevice().isNever()) {
            return;
        }
        Duration lifetime = policy.rememberDevice().lifetime().compareTo(BROWSER_MAX) < 0
                ? policy.rememberDevice().lifetime() : BROWSER_MAX;
        long now = Time.currentTime();
        long expires = now + lifetime.toSeconds();
        long notBefore = session.users().getNotBeforeOfUser(realm, user);
        user.credentialManager().getStoredCredentialsByTypeStream(RememberedDeviceCredential.TYPE).toList().stream()
                .filter(c -> {
                    Data data = RememberedDeviceCredential.data(c);
                    return data == null || !counts(data.rememberedAt(), data.expiresAt(), now, notBefore, policy);
                })
                .forEach(c -> user.credentialManager().removeStoredCredentialById(c.getId()));

        RememberedDeviceToken previous = cookieToken(user);
        CredentialModel credential = previous == null ? null : credentialOf(user, previous);
        Data data = new Data(browser(), os(), now, expires, now, network().orElse(null));
        if (credential == null) {
            CredentialModel model = new CredentialModel();
            model.setType(RememberedDeviceCredential.TYPE);
            model.setCreatedDate(Time.currentTimeMillis());
            model.setSecretData("{}");
            writeData(user, model, data);
            credential = user.credentialManager().createStoredCredential(model);
        } else {
            writeData(user, credential, data);
            user.credentialManager().updateStoredCredential(credential);
        }
        String token = session.tokens().encode(
                new RememberedDeviceToken(user.getId(), realm.getId(), credential.getId(), now, expires));
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
     * the user's not-before, within what the user's policy allows now (a shortened policy applies at once), and
     * naming a remembered-device credential the user still has (removing it in the account console or the admin
     * console revokes this browser alone). Records the use on that credential, at most once per
     * {@link #TOUCH_INTERVAL}. A cookie from before remembered browsers were credentials names none: it no longer
     * counts. Nor does any cookie of a user who can pass no allowed method now (an admin removed the user's app): as
     * with a trusted network, a remembered browser spares a factor the user has, never the enrolling of one.
     */
    public boolean isRemembered(UserModel user, MfaPolicy policy) {
        if (policy.rememberDevice().isNever() || policy.methods().stream().noneMatch(m -> m.usableBy(user))) {
            return false;
        }
        RememberedDeviceToken token = cookieToken(user);
        long now = Time.currentTime();
        if (token == null || !counts(token.issuedAt(), token.expiresAt(), now,
                session.users().getNotBeforeOfUser(realm, user), policy)) {
            return false;
        }
        CredentialModel credential = credentialOf(user, token);
        if (credential == null) {
            return false;
        }
        Data data = RememberedDeviceCredential.data(credential);
        if (data != null && now - data.lastUsed() >= TOUCH_INTERVAL.toSeconds()) {
            writeData(user, credential, data.used(now, network().orElse(null)));
            user.credentialManager().updateStoredCredential(credential);
        }
        return true;
    }

    private static boolean counts(long rememberedAt, long expiresAt, long now, long notBefore, MfaPolicy policy) {
        return now < expiresAt
                && (policy.rememberDevice().isForever()
                    || now < rememberedAt + policy.rememberDevice().lifetime().toSeconds())
                && rememberedAt > notBefore;
    }

    /** The cookie of this browser, when this realm signed it for this user. */
    private RememberedDeviceToken cookieToken(UserModel user) {
        Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(COOKIE);
        RememberedDeviceToken token = cookie == null ? null
                : session.tokens().decode(cookie.getValue(), RememberedDeviceToken.class);
        return token != null && user.getId().equals(token.userId()) && realm.getId().equals(token.realmId())
                ? token : null;
    }

    /** The user's remembered-device credential the cookie names; null when it names none or it was removed. */
    private static CredentialModel credentialOf(UserModel user, RememberedDeviceToken token) {
        CredentialModel credential = token.credentialId() == null ? null
                : user.credentialManager().getStoredCredentialById(token.credentialId());
        return credential != null && RememberedDeviceCredential.TYPE.equals(credential.getType()) ? credential : null;
    }

    private void writeData(UserModel user, CredentialModel credential, Data data) {
        Locale locale = session.getContext().resolveLocale(user);
        String pattern;
        try {
            pattern = session.theme().getTheme(Theme.Type.ACCOUNT).getMessages(locale)
                    .getProperty(RememberedDeviceCredential.LABEL_KEY);
        } catch (IOException e) {
            pattern = null;
        }
        RememberedDeviceCredential.write(credential, data, locale, pattern);
    }

    private String browser() {
        DeviceRepresentation device = device();
        return RememberedDeviceCredential.browserName(device == null ? null : device.getBrowser());
    }

    private String os() {
        DeviceRepresentation device = device();
        return device == null || device.getOs() == null ? DeviceRepresentation.UNKNOWN : device.getOs();
    }

    /** Keycloak's reading of this request's User-Agent (the one its device activity uses); null without one. */
    private DeviceRepresentation device() {
        DeviceRepresentationProvider provider = session.getProvider(DeviceRepresentationProvider.class);
        return provider == null ? null : provider.deviceRepresentation();
    }

    /**
     * The client's network prefix, from Keycloak's client address only, and only where the realm shows it
     * ({@link RememberedDeviceCredential#NETWORK_SETTING}).
     */
    private Optional<String> network() {
        return RememberedDeviceCredential.NETWORK_PREFIX.equals(
                realm.getAttribute(RememberedDeviceCredential.NETWORK_SETTING))
                ? RememberedDeviceCredential.networkOf(session.getContext().getConnection().getRemoteAddr())
                : Optional.empty();
    }

    private String cookiePath() {
        return RealmsResource.realmBaseUrl(session.getContext().getUri()).path("/").build(realm.getName()).getRawPath();
    }
}
