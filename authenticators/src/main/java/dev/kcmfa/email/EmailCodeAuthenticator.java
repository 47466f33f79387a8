package dev.kcmfa.email;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kcmfa.core.AttemptLimiter;
import dev.kcmfa.core.LoginRequest;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.core.OneTimeCode;
import dev.kcmfa.core.SecondFactors;
import dev.kcmfa.core.UserSendLimit;
import dev.kcmfa.policy.MfaPolicy;
import dev.kcmfa.policy.PolicyResolver;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

/**
 * Sends a one-time code to the user's verified email address with Keycloak's email sender and the realm's SMTP
 * settings, and asks for it. The code lives only as a hash in the authentication session, expires after the
 * policy's {@code codeTtl}, and is replaced by a resend; a page refresh does not send again. A code belongs to the
 * login it was mailed for: a login that the user's cross-login cooldown kept from mailing has none, and says so.
 */
public class EmailCodeAuthenticator extends MfaStep {

    static final String FIELD_RESEND = "resend";
    static final String EMAIL_TEMPLATE = "mfa-email-code.ftl";
    /** The sign-in link's key, stored like a code: hashed, with the same lifetime, single-use. */
    static final String NOTE_LINK = "mfa.email.link";
    static final String LINK_PARAM = "mfa_link";
    private static final int LINK_KEY_LENGTH = 32;

    static final String MSG_INVALID_CODE = "mfaInvalidCode";
    static final String MSG_MISSING_CODE = "mfaMissingCode";
    static final String MSG_EXPIRED = "mfaEmailCodeExpired";
    static final String MSG_SENT_AGAIN = "mfaEmailCodeSentAgain";
    /** A code sent at last for a login that the cooldown of another one had stopped. */
    static final String MSG_SENT_FOR_THIS_LOGIN = "mfaEmailCodeSentForThisLogin";
    /** Asked for a new code within the cooldown: nothing sent, and the code of this login still works. */
    static final String MSG_NOT_RESENT = "mfaEmailCodeNotResent";
    static final String MSG_NO_MORE_SENDS = "mfaEmailCodeNoMoreSends";
    static final String MSG_SEND_FAILED = "mfaEmailSendFailed";
    static final String MSG_HOURLY_CAP = "mfaEmailHourlyCap";

    private static final Logger LOG = Logger.getLogger(EmailCodeAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), EmailMethod.EMAIL);
        if (SameMailbox.openedThisLogin(context)) {
            SameMailbox.passOver(context);
            return;
        }
        if (!EmailMethod.EMAIL.usableBy(context.getUser())) {
            UnverifiedAddress.stop(context, EmailCodeSettings.of(context.getAuthenticatorConfig()));
            return;
        }
        Optional<OneTimeCode> pending = OneTimeCode.read(context.getAuthenticationSession(), EmailCodePage.NOTE_CODE);
        MfaPolicy policy = policy(context);
        String linkKey = context.getUriInfo().getQueryParameters().getFirst(LINK_PARAM);
        if (linkKey != null && followedLink(context, linkKey)) {
            return;
        }
        if (pending.isPresent() && !pending.get().expired()) {
            context.challenge(new EmailCodePage(context).show());
            return;
        }
        sendAndAsk(context, policy, pending, null);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), EmailMethod.EMAIL);
        if (SameMailbox.openedThisLogin(context) || !EmailMethod.EMAIL.usableBy(context.getUser())) {
            authenticate(context); // no code is sent to such a user: the page that says why, again
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        MfaPolicy policy = policy(context);
        Optional<OneTimeCode> pending = OneTimeCode.read(context.getAuthenticationSession(), EmailCodePage.NOTE_CODE);
        if (form.containsKey(FIELD_RESEND)) {
            resend(context, policy, pending);
        } else {
            verify(context, policy, pending, normalized(form.getFirst(EmailCodePage.FIELD_CODE)));
        }
    }

    /**
     * Checks a typed code against this login's code. A login that has none (another login's mail a moment ago held
     * back its own) still checks it, and a code from that other mail is wrong here like any other: it counts as a
     * failed attempt, for brute-force protection too, so that starting logins gains no free guesses.
     */
    private void verify(AuthenticationFlowContext context, MfaPolicy policy, Optional<OneTimeCode> pending,
            String code) {
        UserModel user = context.getUser();
        AttemptLimiter limiter = new AttemptLimiter(context, EmailMethod.EMAIL, policy.maxAttempts());
        EmailCodePage page = new EmailCodePage(context);
        if (code.isEmpty()) {
            context.challenge(page.withCodeError(MSG_MISSING_CODE));
        } else if (limiter.userLockedOut()) {
            context.getEvent().user(user).error(Errors.USER_TEMPORARILY_DISABLED);
            context.challenge(page.withCodeError(MSG_INVALID_CODE));
        } else if (pending.isPresent() && pending.get().expired()) {
            context.getAuthenticationSession().removeAuthNote(EmailCodePage.NOTE_CODE);
            context.getEvent().user(user).error(Errors.EXPIRED_CODE);
            context.forkWithErrorMessage(new FormMessage(MSG_EXPIRED));
        } else if (pending.isPresent() && pending.get().matches(code)) {
            context.getAuthenticationSession().removeAuthNote(EmailCodePage.NOTE_CODE);
            SecondFactors.passed(context, EmailMethod.EMAIL, null);
        } else if (limiter.recordFailure()) {
            context.getEvent().user(user).error(MfaEvents.ERROR_INVALID_CODE);
            context.challenge(page.withCodeError(MSG_INVALID_CODE));
        } else {
            context.getAuthenticationSession().removeAuthNote(EmailCodePage.NOTE_CODE);
            context.getEvent().user(user).error(MfaEvents.ERROR_TOO_MANY_ATTEMPTS);
            limiter.restartLogin();
        }
    }

    /** The email's sign-in link, opened in the browser of this login: as good as the code, once. */
    private boolean followedLink(AuthenticationFlowContext context, String key) {
        Optional<OneTimeCode> link = OneTimeCode.read(context.getAuthenticationSession(), NOTE_LINK);
        if (link.isEmpty() || link.get().expired() || !link.get().matches(key)) {
            context.getEvent().user(context.getUser()).error(MfaEvents.ERROR_INVALID_CODE);
            return false;
        }
        context.getAuthenticationSession().removeAuthNote(NOTE_LINK);
        context.getAuthenticationSession().removeAuthNote(EmailCodePage.NOTE_CODE);
        context.getEvent().detail(MfaEvents.DETAIL_MAGIC_LINK, "true");
        SecondFactors.passed(context, EmailMethod.EMAIL, null);
        return true;
    }

    private void resend(AuthenticationFlowContext context, MfaPolicy policy, Optional<OneTimeCode> pending) {
        EmailCodeSettings settings = EmailCodeSettings.of(context.getAuthenticatorConfig());
        if (pending.isPresent() && pending.get().secondsSinceSent() < settings.resendCooldownSeconds()) {
            context.challenge(new EmailCodePage(context).withCooldownWarning(MSG_NOT_RESENT));
        } else if (pending.isPresent() && pending.get().sends() >= settings.maxSends()) {
            context.challenge(new EmailCodePage(context).withCodeError(MSG_NO_MORE_SENDS));
        } else {
            sendAndAsk(context, policy, pending, pending.isPresent() ? MSG_SENT_AGAIN : MSG_SENT_FOR_THIS_LOGIN);
        }
    }

    /**
     * Sends this login's next code, unless the user's cross-login limits hold it back. Held back by the cooldown,
     * the page says so: with this login's earlier code still working, or, for a login that has none yet, that the
     * code mailed a moment ago belongs to another login.
     */
    private void sendAndAsk(AuthenticationFlowContext context, MfaPolicy policy, Optional<OneTimeCode> pending,
            String info) {
        EmailCodeSettings settings = EmailCodeSettings.of(context.getAuthenticatorConfig());
        boolean liveCode = pending.isPresent() && !pending.get().expired();
        UserSendLimit.Verdict verdict = settings.sendLimit(context).tryAcquire();
        if (verdict == UserSendLimit.Verdict.COOLDOWN) {
            EmailCodePage page = new EmailCodePage(context);
            context.challenge(liveCode ? page.withCooldownWarning(MSG_NOT_RESENT) : page.show());
            return;
        } else if (verdict == UserSendLimit.Verdict.HOURLY_CAP) {
            context.getEvent().user(context.getUser()).error(MfaEvents.ERROR_SEND_LIMIT);
            context.challenge(context.form().setError(MSG_HOURLY_CAP).createErrorPage(Response.Status.TOO_MANY_REQUESTS));
            return;
        }
        String code = OneTimeCode.generate(settings.length());
        String linkKey = settings.magicLink() ? OneTimeCode.generateKey(LINK_KEY_LENGTH) : null;
        try {
            send(context, code, linkKey, policy.codeTtl().toMinutes());
        } catch (EmailException e) {
            LOG.warnf("Realm '%s': could not send the MFA code email (%s)", context.getRealm().getName(), e.getMessage());
            context.getEvent().user(context.getUser()).error(Errors.EMAIL_SEND_FAILED);
            context.challenge(context.form().setError(MSG_SEND_FAILED).createErrorPage(Response.Status.SERVICE_UNAVAILABLE));
            return;
        }
        int sends = pending.map(OneTimeCode::sends).orElse(0) + 1;
        OneTimeCode.store(context.getAuthenticationSession(), EmailCodePage.NOTE_CODE, code, policy.codeTtl().toSeconds(), sends);
        if (linkKey != null) {
            OneTimeCode.store(context.getAuthenticationSession(), NOTE_LINK, linkKey, policy.codeTtl().toSeconds(), sends);
        } else {
            context.getAuthenticationSession().removeAuthNote(NOTE_LINK);
        }
        EmailCodePage page = new EmailCodePage(context);
        context.challenge(info == null ? page.show() : page.withInfo(info));
    }

    private static void send(AuthenticationFlowContext context, String code, String linkKey, long ttlMinutes)
            throws EmailException {
        LoginRequest request = LoginRequest.of(context);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("code", code);
        if (linkKey != null) {
            attributes.put("link", UriBuilder.fromUri(context.getRefreshExecutionUrl())
                    .queryParam(LINK_PARAM, linkKey).build().toString());
        }
        attributes.put("ttlMinutes", Math.max(1, ttlMinutes));
        attributes.put("appName", request.app());
        attributes.put("ipAddress", request.ipAddress());
        // the device as a theme message and names from a fixed list: the template never sees the User-Agent
        attributes.put("deviceMessage", request.device().messageKey());
        attributes.put("deviceBrowser", request.device().browser());
        attributes.put("deviceOs", request.device().os());
        context.getSession().getProvider(EmailTemplateProvider.class)
                .setRealm(context.getRealm())
                .setUser(context.getUser())
                .setAuthenticationSession(context.getAuthenticationSession())
                .send("mfaEmailCodeSubject", List.of(request.app()), EMAIL_TEMPLATE, attributes);
    }

    private static MfaPolicy policy(AuthenticationFlowContext context) {
        return PolicyResolver.forRequest(context.getSession(), context.getRealm(), context.getUser());
    }

    private static String normalized(String code) {
        return code == null ? "" : code.replaceAll("\\s", "");
    }

    /**
     * Runs whenever the policy allows email codes, even without a verified address, so that such users get this step's
     * clear page (refused, or asked to verify first) rather than Keycloak's generic "credential setup required".
     */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return PolicyResolver.forRequest(session, realm, user).allows(EmailMethod.EMAIL);
    }
}
