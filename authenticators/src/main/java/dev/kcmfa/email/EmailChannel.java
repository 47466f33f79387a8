package dev.kcmfa.email;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kcmfa.core.CodeChannel;
import dev.kcmfa.core.CodeMessages;
import dev.kcmfa.core.CodeNotSent;
import dev.kcmfa.core.CodeSettings;
import dev.kcmfa.core.LoginRequest;
import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.OneTimeCode;
import dev.kcmfa.core.UserSendLimit;
import dev.kcmfa.policy.MfaPolicy;
import dev.kcmfa.policy.PolicyResolver;
import jakarta.ws.rs.core.UriBuilder;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;

/**
 * Codes by email: mailed with Keycloak's email sender and the realm's SMTP settings to the user's verified address,
 * with, where the admin turned it on, a single-use sign-in link stored like the code.
 */
final class EmailChannel implements CodeChannel {

    static final String TEMPLATE = "mfa-email-code.ftl";
    static final String EMAIL_TEMPLATE = "mfa-email-code.ftl";
    static final String NOTE_CODE = "mfa.email.code";
    /** The sign-in link's key, stored like a code: hashed, with the same lifetime, single-use. */
    static final String NOTE_LINK = "mfa.email.link";
    static final String LINK_PARAM = "mfa_link";
    private static final int LINK_KEY_LENGTH = 32;
    private static final CodeMessages MESSAGES = new CodeMessages("mfaEmail");

    private final AuthenticationFlowContext context;
    private final EmailCodeSettings settings;
    private final MfaPolicy policy;

    EmailChannel(AuthenticationFlowContext context) {
        this.context = context;
        this.settings = EmailCodeSettings.of(context.getAuthenticatorConfig());
        this.policy = PolicyResolver.forRequest(context.getSession(), context.getRealm(), context.getUser());
    }

    @Override
    public MfaMethod method() {
        return EmailMethod.EMAIL;
    }

    @Override
    public String codeNote() {
        return NOTE_CODE;
    }

    @Override
    public CodeSettings settings() {
        return settings.code();
    }

    @Override
    public Duration codeTtl() {
        return policy.codeTtl();
    }

    @Override
    public int maxAttempts() {
        return policy.maxAttempts();
    }

    @Override
    public CodeMessages messages() {
        return MESSAGES;
    }

    @Override
    public List<UserSendLimit> sendLimits() {
        return List.of(settings.sendLimit(context));
    }

    @Override
    public String template() {
        return TEMPLATE;
    }

    @Override
    public LoginFormsProvider describe(LoginFormsProvider form) {
        return form.setAttribute("mfaEmail", maskedEmail(context.getUser().getEmail()));
    }

    @Override
    public String sendFailedError() {
        return Errors.EMAIL_SEND_FAILED;
    }

    @Override
    public void send(String code, Duration ttl, int sends) throws CodeNotSent {
        String linkKey = settings.magicLink() ? OneTimeCode.generateKey(LINK_KEY_LENGTH) : null;
        try {
            mail(code, linkKey, ttl.toMinutes());
        } catch (EmailException e) {
            throw new CodeNotSent(e.getMessage(), e);
        }
        if (linkKey != null) {
            OneTimeCode.store(context.getAuthenticationSession(), NOTE_LINK, linkKey, ttl.toSeconds(), sends);
        } else {
            context.getAuthenticationSession().removeAuthNote(NOTE_LINK);
        }
    }

    private void mail(String code, String linkKey, long ttlMinutes) throws EmailException {
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

    /** "al***@example.org": enough for the user to recognise the address, not enough to harvest it. */
    static String maskedEmail(String email) {
        int at = email.indexOf('@');
        String local = email.substring(0, Math.max(at, 0));
        return (local.length() <= 2 ? local : local.substring(0, 2)) + "***" + email.substring(Math.max(at, 0));
    }
}
