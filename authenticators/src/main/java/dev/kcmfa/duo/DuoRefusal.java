package dev.kcmfa.duo;

import jakarta.ws.rs.core.Response;

/**
 * Every way a Duo step ends a login: the event error, the page a browser sees (message key and status) and the
 * {@code error_description} a token request gets.
 */
enum DuoRefusal {

    UNREACHABLE(DuoEvents.ERROR_UNAVAILABLE, "mfaDuoUnavailable", Response.Status.SERVICE_UNAVAILABLE,
            "Duo cannot be reached right now."),
    RATE_LIMITED(DuoEvents.ERROR_RATE_LIMITED, "mfaDuoRateLimited", Response.Status.TOO_MANY_REQUESTS,
            "Duo is limiting sign-in attempts; try again in a few minutes."),
    REFUSED(DuoEvents.ERROR_REQUEST_REFUSED, "mfaDuoRefused", Response.Status.FORBIDDEN,
            "Duo refused the sign-in request."),
    NOT_SET_UP(DuoEvents.ERROR_MISCONFIGURED, "mfaDuoNotConfigured", Response.Status.FORBIDDEN,
            "Duo is not set up correctly on this server; please contact your administrator."),
    UNVERIFIABLE(DuoEvents.ERROR_INVALID_RESPONSE, "mfaDuoFailed", Response.Status.FORBIDDEN,
            "The answer from Duo could not be verified."),
    STATE_MISMATCH(DuoEvents.ERROR_STATE_MISMATCH, "mfaDuoFailed", Response.Status.FORBIDDEN,
            "The answer from Duo could not be verified."),
    DENIED(DuoEvents.ERROR_DENIED, "mfaDuoDenied", Response.Status.FORBIDDEN, "Duo did not approve the sign-in."),
    NOT_ENROLLED(DuoEvents.ERROR_NOT_ENROLLED, "mfaDuoNotEnrolled", Response.Status.FORBIDDEN,
            "The user is not enrolled in Duo.");

    private final String eventError;
    private final String message;
    private final Response.Status pageStatus;
    private final String description;

    DuoRefusal(String eventError, String message, Response.Status pageStatus, String description) {
        this.eventError = eventError;
        this.message = message;
        this.pageStatus = pageStatus;
        this.description = description;
    }

    String eventError() {
        return eventError;
    }

    String message() {
        return message;
    }

    Response.Status pageStatus() {
        return pageStatus;
    }

    String description() {
        return description;
    }
}
