package dev.kcmfa.push;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** A refused phone request: a 4xx with an OAuth-style JSON body {@code {error, error_description}}. */
class PushProtocolException extends WebApplicationException {

    PushProtocolException(Response response) {
        super(response);
    }
}
