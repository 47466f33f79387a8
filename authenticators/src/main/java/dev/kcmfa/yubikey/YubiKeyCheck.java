package dev.kcmfa.yubikey;

import java.util.Optional;

import dev.kcmfa.core.MfaEvents;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * What every door (the login, the required action, the password grant) does with a typed YubiKey OTP: its shape,
 * whether the key is the user's (or, when enrolling, not yet), and the validation server's verdict. The outcome says
 * what the user is told and whether it counts as a wrong code.
 */
final class YubiKeyCheck {

    /** How a check ended: the message key and token-request text, the event error, whether it is a wrong code. */
    enum Outcome {
        PASSED(null, null, false, null),
        MISSING("mfaMissingCode", null, false,
                "This account requires a YubiKey one-time password: send it as the yubikey_otp parameter."),
        NOT_AN_OTP("mfaYubiKeyNotAnOtp", MfaEvents.ERROR_INVALID_CODE, true, "Invalid YubiKey one-time password."),
        WRONG("mfaInvalidCode", MfaEvents.ERROR_INVALID_CODE, true, "Invalid YubiKey one-time password."),
        NOT_BOUND("mfaYubiKeyNotBound", YubiKeyEvents.ERROR_NOT_BOUND, true,
                "This YubiKey is not registered for this account."),
        ALREADY_BOUND("mfaYubiKeyAlreadyBound", YubiKeyEvents.ERROR_ALREADY_BOUND, false,
                "This YubiKey is registered already."),
        REPLAYED("mfaYubiKeyReplayed", YubiKeyEvents.ERROR_REPLAYED, true,
                "This YubiKey one-time password was used before: touch the key for a new one."),
        UNAVAILABLE("mfaYubiKeyUnavailable", YubiKeyEvents.ERROR_UNAVAILABLE, false,
                "The YubiKey validation service cannot be reached right now. Please try again later."),
        UNVERIFIABLE("mfaYubiKeyUnverifiable", YubiKeyEvents.ERROR_INVALID_RESPONSE, false,
                "The answer of the YubiKey validation service could not be verified."),
        MISCONFIGURED("mfaYubiKeyNotConfigured", MfaEvents.ERROR_MISCONFIGURED, false,
                "Sign-in with a YubiKey is not set up correctly on this server. Contact your administrator.");

        final String message;
        final String eventError;
        final boolean wrongCode;
        final String description;

        Outcome(String message, String eventError, boolean wrongCode, String description) {
            this.message = message;
            this.eventError = eventError;
            this.wrongCode = wrongCode;
            this.description = description;
        }
    }

    /** A passed check of an enrollment: the public id to bind. */
    record Result(Outcome outcome, Optional<String> publicId) {
    }

    private YubiKeyCheck() {
    }

    /** An OTP at login: of one of the user's keys, and genuine and fresh. */
    static Outcome login(KeycloakSession session, YubiKeySettings settings, UserModel user, String typed) {
        return check(session, settings, user, typed, false).outcome();
    }

    /** An OTP that binds its key: of a key the user has not bound yet, and genuine and fresh. */
    static Result enrollment(KeycloakSession session, YubiKeySettings settings, UserModel user, String typed) {
        return check(session, settings, user, typed, true);
    }

    private static Result check(KeycloakSession session, YubiKeySettings settings, UserModel user, String typed,
                                boolean enrolling) {
        if (typed == null || typed.isBlank()) {
            return new Result(Outcome.MISSING, Optional.empty());
        }
        Optional<YubiKeyOtp> otp = YubiKeyOtp.parse(typed);
        if (otp.isEmpty() || otp.get().publicId().isEmpty()) {
            return new Result(Outcome.NOT_AN_OTP, Optional.empty());
        }
        String publicId = otp.get().publicId();
        boolean bound = YubiKeyCredentialModel.publicIdsOf(user).contains(publicId);
        if (bound == enrolling) {
            // no call to the server: its answer could not change the outcome, and the OTP stays unspent
            return new Result(enrolling ? Outcome.ALREADY_BOUND : Outcome.NOT_BOUND, Optional.empty());
        }
        Outcome outcome = switch (YubicoValidation.verify(session, settings, otp.get())) {
            case VALID -> Outcome.PASSED;
            case WRONG -> Outcome.WRONG;
            case REPLAYED -> Outcome.REPLAYED;
            case UNAVAILABLE -> Outcome.UNAVAILABLE;
            case UNVERIFIABLE -> Outcome.UNVERIFIABLE;
            case MISCONFIGURED -> Outcome.MISCONFIGURED;
        };
        return new Result(outcome, Optional.of(publicId).filter(id -> outcome == Outcome.PASSED));
    }
}
