package dev.kcmfa.phone;

import java.util.Optional;

import dev.kcmfa.phone.gateway.PhoneChannel;
import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The number a user sets up, between typing it and proving it with a code: kept in the login's authentication
 * session, E.164. Codes are kept per number ({@link PhoneCodes#codeNote}), so a code only ever proves its own number.
 */
final class PhoneEntry {

    static final String TEMPLATE = "mfa-phone-enroll.ftl";
    static final String FIELD_NUMBER = "number";
    /** "Use another number" on the code page. */
    static final String FIELD_CHANGE = "change";
    private static final String NOTE_NUMBER = "mfa.phone.number";

    private PhoneEntry() {
    }

    /**
     * The number this login is proving, if one was typed and it still suits this method and the step's countries (a
     * number typed for calls is no number for texts): one that does not is dropped.
     */
    static Optional<PhoneNumber> proving(AuthenticationSessionModel authSession, PhoneMethod method,
            PhoneSettings settings) {
        Optional<PhoneNumber> typed = Optional.ofNullable(authSession.getAuthNote(NOTE_NUMBER)).map(PhoneNumber::ofE164);
        try {
            return typed.isPresent() ? Optional.of(check(typed.get().e164(), method, settings)) : typed;
        } catch (PhoneNumber.Invalid e) {
            forget(authSession);
            return Optional.empty();
        }
    }

    /** Checks a typed number for this method and the step's countries, and makes it the one this login proves. */
    static PhoneNumber accept(AuthenticationSessionModel authSession, PhoneMethod method, PhoneSettings settings,
            String typed) throws PhoneNumber.Invalid {
        PhoneNumber number = check(typed == null ? "" : typed, method, settings);
        authSession.setAuthNote(NOTE_NUMBER, number.e164());
        return number;
    }

    /**
     * Drops the number typed. The codes sent to it stay with it ({@link PhoneCodes#codeNote}): typing it again
     * neither revives them for another number nor gives the login new sends.
     */
    static void forget(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(NOTE_NUMBER);
    }

    private static PhoneNumber check(String typed, PhoneMethod method, PhoneSettings settings)
            throws PhoneNumber.Invalid {
        return PhoneNumber.check(typed, settings.defaultRegion(), settings.regions(),
                method.channel() == PhoneChannel.VOICE);
    }

    /** The page that asks for a number, with what was wrong with the last one, if anything. */
    static Response page(LoginFormsProvider form, PhoneMethod method, PhoneSettings settings, String error) {
        if (error != null) {
            form.addError(new FormMessage(FIELD_NUMBER, error));
        }
        return form.setAttribute("mfaPhoneMethod", method.id())
                .setAttribute("mfaPhoneDefaultRegion", settings.defaultRegion())
                .createForm(TEMPLATE);
    }
}
