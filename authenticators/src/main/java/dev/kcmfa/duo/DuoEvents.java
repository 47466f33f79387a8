package dev.kcmfa.duo;

/** Event errors and skip reasons of the Duo steps (with {@code mfa_method=duo}). */
final class DuoEvents {

    static final String ERROR_UNAVAILABLE = "duo_unavailable";
    static final String ERROR_MISCONFIGURED = "duo_misconfigured";
    static final String ERROR_STATE_MISMATCH = "duo_state_mismatch";
    static final String ERROR_INVALID_RESPONSE = "duo_invalid_response";
    static final String ERROR_DENIED = "duo_denied";
    static final String ERROR_NOT_ENROLLED = "duo_not_enrolled";
    /** Duo answered 429: too many requests for this integration or user. */
    static final String ERROR_RATE_LIMITED = "duo_rate_limited";
    /** Duo answered with another 4xx error (e.g. 400 for a malformed passcode). */
    static final String ERROR_REQUEST_REFUSED = "duo_request_refused";
    static final String SKIPPED_FAIL_OPEN = "duo_fail_open";
    static final String SKIPPED_NOT_IN_SCOPE = "duo_not_in_scope";

    private DuoEvents() {
    }
}
