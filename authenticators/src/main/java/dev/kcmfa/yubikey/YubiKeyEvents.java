package dev.kcmfa.yubikey;

/** The event errors of the YubiKey steps, beside the shared ones of {@link dev.kcmfa.core.MfaEvents}. */
final class YubiKeyEvents {

    /** An OTP of a key that is not bound to the user. */
    static final String ERROR_NOT_BOUND = "yubikey_not_bound";
    /** An enrollment of a key the user has bound already. */
    static final String ERROR_ALREADY_BOUND = "yubikey_already_bound";
    /** The validation server saw this OTP (or request) before. */
    static final String ERROR_REPLAYED = "yubikey_replayed";
    /** No validation server answered in time. */
    static final String ERROR_UNAVAILABLE = "yubikey_unavailable";
    /** An answer not signed with the API key, or not about the request sent. */
    static final String ERROR_INVALID_RESPONSE = "yubikey_invalid_response";

    private YubiKeyEvents() {
    }
}
