package dev.kcmfa.phone.gateway;

import java.util.Optional;

/** Why a send failed; {@link #getMessage()} is safe to log and to show admins (no secrets, no whole numbers). */
public final class PhoneGatewayException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What kind of failure: the caller decides on it whether another try or another method makes sense. */
    public enum Reason { MISCONFIGURED, UNREACHABLE, TIMEOUT, RATE_LIMITED, REJECTED, SERVER_ERROR, MALFORMED_ANSWER }

    private final Reason reason;

    public PhoneGatewayException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Fails as misconfigured when the settings have a problem; {@code what} says what was being sent. */
    public static void failOn(Optional<String> problem, String what) throws PhoneGatewayException {
        if (problem.isPresent()) {
            throw new PhoneGatewayException(Reason.MISCONFIGURED, what + ": " + problem.get());
        }
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return reason + ": " + getMessage();
    }
}
