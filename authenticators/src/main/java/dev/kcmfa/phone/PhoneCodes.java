package dev.kcmfa.phone;

import java.io.IOException;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.kcmfa.core.CodeChannel;
import dev.kcmfa.core.CodeMessages;
import dev.kcmfa.core.CodeNotSent;
import dev.kcmfa.core.CodeSettings;
import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.OneTimeCode;
import dev.kcmfa.core.UserSendLimit;
import dev.kcmfa.phone.gateway.PhoneChannel;
import dev.kcmfa.phone.gateway.PhoneGateway;
import dev.kcmfa.phone.gateway.PhoneGatewayException;
import dev.kcmfa.phone.gateway.PhoneMessage;
import dev.kcmfa.policy.MfaPolicy;
import dev.kcmfa.policy.PolicyResolver;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.theme.Theme;

/**
 * Codes by text message or call to one number, through the gateway the step's settings name. Texts and calls count
 * together against the user's hourly allowance and the number's (whichever account asks), so that neither switching
 * method nor making accounts multiplies what one phone receives, or what the realm pays.
 */
final class PhoneCodes implements CodeChannel {

    static final String NOTE_CODE = "mfa.phone.code";
    static final String TEMPLATE = "mfa-phone-code.ftl";
    static final String ERROR_SEND_FAILED = "phone_send_failed";
    /** Both methods draw on the same allowances. */
    private static final String SENDS = "phone";

    private final KeycloakSession session;
    private final UserModel user;
    private final PhoneMethod method;
    private final PhoneSettings settings;
    private final PhoneNumber number;
    private final boolean newNumber;
    private final MfaPolicy policy;

    /** {@code newNumber}: the code proves a number being set up, not one the user holds. */
    PhoneCodes(KeycloakSession session, UserModel user, PhoneMethod method, PhoneSettings settings, PhoneNumber number,
            boolean newNumber) {
        this.session = session;
        this.user = user;
        this.method = method;
        this.settings = settings;
        this.number = number;
        this.newNumber = newNumber;
        this.policy = PolicyResolver.forRequest(session, session.getContext().getRealm(), user);
    }

    @Override
    public MfaMethod method() {
        return method;
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
        return new CodeMessages(method.channel() == PhoneChannel.SMS ? "mfaSms" : "mfaVoice");
    }

    @Override
    public List<UserSendLimit> sendLimits() {
        RealmModel realm = session.getContext().getRealm();
        int cooldown = settings.code().resendCooldownSeconds();
        return List.of(
                UserSendLimit.of(session, realm, user, SENDS, cooldown, settings.sendsPerUserPerHour(),
                        settings.sendsPerUserPerHour()),
                UserSendLimit.acrossUsers(session, realm, SENDS, OneTimeCode.fingerprint(number.e164()),
                        settings.sendsPerNumberPerHour()));
    }

    @Override
    public String template() {
        return TEMPLATE;
    }

    @Override
    public LoginFormsProvider describe(LoginFormsProvider form) {
        return form.setAttribute("mfaPhoneNumber", number.masked())
                .setAttribute("mfaPhoneMethod", method.id())
                .setAttribute("mfaPhoneNew", newNumber);
    }

    @Override
    public String sendFailedError() {
        return ERROR_SEND_FAILED;
    }

    @Override
    public void send(String code, Duration ttl, int sends) throws CodeNotSent {
        PhoneGateway gateway = settings.gateway().isEmpty() ? null
                : session.getProvider(PhoneGateway.class, settings.gateway());
        if (gateway == null) {
            throw new CodeNotSent("no gateway '" + settings.gateway() + "' (setting '" + method.id() + "."
                    + PhoneSettings.CONF_GATEWAY + "')", null);
        }
        Locale locale = session.getContext().resolveLocale(user);
        try {
            gateway.send(settings.gatewaySettings(),
                    new PhoneMessage(number.e164(), method.channel(), text(locale, code), locale.toLanguageTag()));
        } catch (PhoneGatewayException e) {
            throw new CodeNotSent(settings.gateway() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The words of the text or the call in the user's language. A call says the code digit by digit, with pauses
     * (", "), and twice, so that it can be written down.
     */
    private String text(Locale locale, String code) throws CodeNotSent {
        RealmModel realm = session.getContext().getRealm();
        String realmName = realm.getDisplayName() == null || realm.getDisplayName().isBlank() ? realm.getName()
                : realm.getDisplayName();
        boolean sms = method.channel() == PhoneChannel.SMS;
        String said = sms ? code : code.chars().mapToObj(Character::toString).collect(Collectors.joining(", "));
        try {
            String pattern = session.theme().getTheme(Theme.Type.LOGIN).getEnhancedMessages(realm, locale)
                    .getProperty(sms ? "mfaSmsText" : "mfaVoiceText");
            return new MessageFormat(pattern, locale).format(new Object[] {said, realmName});
        } catch (IOException | RuntimeException e) {
            throw new CodeNotSent("the login theme has no usable text for the " + method.id() + " code", e);
        }
    }
}
