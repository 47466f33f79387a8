package dev.kcmfa.phone;

import java.util.Optional;

import dev.kcmfa.phone.gateway.PhoneChannel;
import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The number a user sets up, between typing it and proving it with a code: kept in the login's authentication
 * session, E.164. A new number drops the code sent to the one before, so a code only ever proves its own number.
 */
final class PhoneEntry {

    static final String TEMPLATE = "mfa-phone-enroll.ftl";
    static final String FIELD_NUMBER = "number";
    /** "Use another number" on the code page. */
    static final String FIELD_CHANGE = "change";
    private static final String NOTE_NUMBER = "mfa.phone.number";

    private PhoneEntry() {
    }

    /** The number this login is proving, if one was typed. */
    static Optional<PhoneNumber> proving(AuthenticationSessionModel authSession) {
        return Optional.ofNullable(authSession.getAuthNote(NOTE_NUMBER)).map(PhoneNumber::ofE164);
    }

    /** Checks a typed number for this method and the step's countries, and makes it the one this login proves. */
    static PhoneNumber accept(AuthenticationSessionModel authSession, PhoneMethod method, PhoneSettings settings,
            String typed) throws PhoneNumber.Invalid {
        PhoneNumber number = PhoneNumber.check(typed == null ? "" : typed, settings.defaultRegion(),
                settings.regions(), method.channel() == PhoneChannel.VOICE);
        authSession.setAuthNote(NOTE_NUMBER, number.e164());
        authSession.removeAuthNote(PhoneCodes.NOTE_CODE);
        return number;
    }

    static void forget(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(NOTE_NUMBER);
        authSession.removeAuthNote(PhoneCodes.NOTE_CODE);
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
