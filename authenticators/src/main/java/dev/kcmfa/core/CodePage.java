package dev.kcmfa.core;

import java.util.Optional;

import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.forms.login.MessageType;
import org.keycloak.models.utils.FormMessage;

/**
 * The page that asks for a sent code, saying exactly where this login stands: whether a code was sent for it (a code
 * sent for another login of the same user does not work here), and how many seconds are left before it may ask for a
 * new one, counted down by a small script and, without one, said again when the button is pressed early.
 */
public final class CodePage {

    /** "30 seconds", "1 second": the one plural form every page message about seconds is built from. */
    public static final String MSG_SECONDS = "mfaSeconds";
    public static final String FIELD_CODE = "code";
    public static final String FIELD_RESEND = "resend";

    private final CodeRequest request;
    private final CodeChannel channel;

    public CodePage(CodeRequest request, CodeChannel channel) {
        this.request = request;
        this.channel = channel;
    }

    public Response show() {
        return form().createForm(channel.template());
    }

    /** With a message under the code field: the code typed was wrong or missing. */
    public Response withCodeError(String message) {
        return form().addError(new FormMessage(FIELD_CODE, message)).createForm(channel.template());
    }

    public Response withInfo(String message) {
        return form().setInfo(message).createForm(channel.template());
    }

    /** With a warning whose one parameter is the resend cooldown, as "30 seconds". */
    public Response withCooldownWarning(String message) {
        LoginFormsProvider form = form();
        return form.setMessage(MessageType.WARNING, message,
                form.getMessage(MSG_SECONDS, channel.settings().resendCooldownSeconds())).createForm(channel.template());
    }

    private LoginFormsProvider form() {
        int cooldown = channel.settings().resendCooldownSeconds();
        Optional<OneTimeCode> code = OneTimeCode.read(request.authSession(), channel.codeNote())
                .filter(c -> !c.expired());
        long loginWait = code.map(c -> cooldown - c.secondsSinceSent()).orElse(0L);
        long limitWait = channel.sendLimits().stream().mapToLong(UserSendLimit::cooldownLeftSeconds).max().orElse(0);
        return channel.describe(request.form()
                .setAttribute("mfaCodeSent", code.isPresent())
                .setAttribute("mfaCodeCooldown", cooldown)
                .setAttribute("mfaCodeResendWait", Math.max(Math.max(loginWait, 0), limitWait)));
    }
}
