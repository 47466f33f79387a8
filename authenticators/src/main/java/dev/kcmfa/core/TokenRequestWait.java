package dev.kcmfa.core;

import java.util.Optional;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * The places a token request (password grant) takes before it holds its thread to wait for a phone or for Duo: one
 * of its client's few places and one of the node's. Without both it is refused at once, so waits can never take
 * the threads every realm's logins need.
 */
public final class TokenRequestWait {

    private static final String RETRY_AFTER_SECONDS = "5";

    private TokenRequestWait() {
    }

    /** Both places, released together; or empty when the request was refused for now. */
    public static Optional<WaitPlace> place(AuthenticationFlowContext context) {
        AnswerWaits waits = AnswerWaits.of(context.getSession());
        Optional<WaitPlace> client = waits.clientTokenRequestPlace();
        if (client.isEmpty()) {
            refuseTokenRequestForNow(context, MfaEvents.ERROR_TOO_MANY_WAITS, "Too many sign-ins from this address "
                    + "are waiting for approval already; try again in a few seconds.");
            return Optional.empty();
        }
        Optional<WaitPlace> node = waits.tokenRequestPlace();
        if (node.isEmpty()) {
            client.get().close();
            refuseTokenRequestForNow(context, MfaEvents.ERROR_TOO_MANY_WAITS, "This server is waiting for as many "
                    + "approvals as it may (" + waits.tokenRequestLimit() + "); try again in a few seconds.");
            return Optional.empty();
        }
        return Optional.of(WaitPlace.freeing(() -> {
            node.get().close();
            client.get().close();
        }));
    }

    /**
     * Ends the request with what a tool should retry rather than ask its user again: {@code 429}
     * {@code temporarily_unavailable} with a description and {@code Retry-After}.
     */
    private static void refuseTokenRequestForNow(AuthenticationFlowContext context, String eventError,
            String description) {
        context.getEvent().user(context.getUser()).error(eventError);
        context.challenge(Response.status(Response.Status.TOO_MANY_REQUESTS).header("Retry-After", RETRY_AFTER_SECONDS)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new OAuth2ErrorRepresentation("temporarily_unavailable", description)).build());
    }
}
