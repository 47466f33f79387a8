package dev.kcmfa.email;

import java.util.Optional;

import dev.kcmfa.core.OneTimeCode;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.forms.login.MessageType;
import org.keycloak.models.utils.FormMessage;

/**
 * The page that asks for the emailed code, saying exactly where this login stands: whether a code was sent for it
 * (a code mailed for another login of the same user does not work here), and how many seconds are left before it may
 * ask for a new one, counted down by a small script and, without one, said again when the button is pressed early.
 */
final class EmailCodePage {

    static final String TEMPLATE = "mfa-email-code.ftl";
    static final String FIELD_CODE = "code";
    /** The auth note holding this login's code (hashed, with its lifetime and sends). */
    static final String NOTE_CODE = "mfa.email.code";
    /** "30 seconds", "1 second": the one plural form every page message about seconds is built from. */
    static final String MSG_SECONDS = "mfaSeconds";

    private final AuthenticationFlowContext context;
    private final EmailCodeSettings settings;

    EmailCodePage(AuthenticationFlowContext context) {
        this.context = context;
        this.settings = EmailCodeSettings.of(context.getAuthenticatorConfig());
    }

    Response show() {
        return form().createForm(TEMPLATE);
    }

    /** With a message under the code field: the code typed was wrong or missing. */
    Response withCodeError(String message) {
        return form().addError(new FormMessage(FIELD_CODE, message)).createForm(TEMPLATE);
    }

    Response withInfo(String message) {
        return form().setInfo(message).createForm(TEMPLATE);
    }

    /** With a warning whose one parameter is the resend cooldown, as "30 seconds". */
    Response withCooldownWarning(String message) {
        LoginFormsProvider form = form();
        return form.setMessage(MessageType.WARNING, message,
                form.getMessage(MSG_SECONDS, settings.resendCooldownSeconds())).createForm(TEMPLATE);
    }

    private LoginFormsProvider form() {
        Optional<OneTimeCode> code = OneTimeCode.read(context.getAuthenticationSession(), NOTE_CODE)
                .filter(c -> !c.expired());
        long loginWait = code.map(c -> settings.resendCooldownSeconds() - c.secondsSinceSent()).orElse(0L);
        long wait = Math.max(Math.max(loginWait, 0), settings.sendLimit(context).cooldownLeftSeconds());
        return context.form()
                .setAttribute("mfaEmail", maskedEmail(context.getUser().getEmail()))
                .setAttribute("mfaEmailCodeSent", code.isPresent())
                .setAttribute("mfaEmailCooldown", settings.resendCooldownSeconds())
                .setAttribute("mfaEmailResendWait", wait);
    }

    /** "al***@example.org": enough for the user to recognise the address, not enough to harvest it. */
    static String maskedEmail(String email) {
        int at = email.indexOf('@');
        String local = email.substring(0, Math.max(at, 0));
        return (local.length() <= 2 ? local : local.substring(0, 2)) + "***" + email.substring(Math.max(at, 0));
    }
}
