package dev.kcmfa.duo;

/**
 * Why a call to Duo gave no answer to go on with. Exactly two kinds, so no caller can mistake one for the other:
 * {@link Unreachable}, the only one a step may fail open on, and {@link Refused}, which always ends the login. The
 * message is fit for the server log (never a secret or a passcode).
 */
abstract sealed class DuoFailure extends Exception permits DuoFailure.Unreachable, DuoFailure.Refused {

    private final DuoRefusal refusal;

    private DuoFailure(DuoRefusal refusal, String message) {
        super(message);
        this.refusal = refusal;
    }

    /** How the login is refused when it does not go on. */
    DuoRefusal refusal() {
        return refusal;
    }

    /** Duo could not be reached at all: no connection, no answer within the time-out, or an HTTP 5xx. */
    static final class Unreachable extends DuoFailure {

        Unreachable(String message) {
            super(DuoRefusal.UNREACHABLE, message);
        }
    }

    /**
     * Duo answered, and the answer is an error (any 4xx, {@code stat: FAIL}) or cannot be read or verified; or the
     * request could not be made. Duo's answers are obeyed: the login is refused whatever the fail mode.
     */
    static final class Refused extends DuoFailure {

        Refused(DuoRefusal refusal, String message) {
            super(refusal, message);
        }

        /** Duo's error answer with this HTTP status: rate limited (429), our keys refused (401, 403), or refused. */
        static Refused forStatus(int status, String message) {
            DuoRefusal refusal = switch (status) {
                case 429 -> DuoRefusal.RATE_LIMITED;
                case 401, 403 -> DuoRefusal.NOT_SET_UP;
                default -> DuoRefusal.REFUSED;
            };
            return new Refused(refusal, message);
        }
    }
}
