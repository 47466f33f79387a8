package dev.kcmfa.phone.gateway;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import javax.net.ssl.SSLException;

import dev.kcmfa.core.BoundedHttp;
import dev.kcmfa.phone.gateway.PhoneGatewayException.Reason;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.models.KeycloakSession;

/**
 * Sends a {@link GatewayRequest} on a bounded Keycloak client and hands back the answer, whatever its status; a
 * request that gets no answer fails as {@link Reason#TIMEOUT} or {@link Reason#UNREACHABLE}. Messages name the host
 * only: a URL's query may carry the number or a key.
 */
public final class GatewayHttp {

    private GatewayHttp() {
    }

    /** Keycloak's HTTP client, bounded by a gateway's time-outs; tests give gateways a plain client instead. */
    public static Function<GatewayTimeouts, SimpleHttp> keycloakClient(KeycloakSession session) {
        return timeouts -> BoundedHttp.create(session, timeouts.connect(), timeouts.read());
    }

    /** {@code what} says what was sent, for messages: "SMS to ***78". */
    public static GatewayAnswer exchange(SimpleHttp http, GatewayRequest request, String what)
            throws PhoneGatewayException {
        String host = host(request.url());
        try (SimpleHttpResponse response = prepare(http, request).asResponse()) {
            return new GatewayAnswer(response.getStatus(), response.asString(),
                    response.getFirstHeader("Retry-After"));
        } catch (ConnectTimeoutException | SocketTimeoutException e) {
            throw new PhoneGatewayException(Reason.TIMEOUT, what + ": " + host + " did not answer in time");
        } catch (UnknownHostException e) {
            throw new PhoneGatewayException(Reason.UNREACHABLE, what + ": host " + host + " not found");
        } catch (ConnectException e) {
            throw new PhoneGatewayException(Reason.UNREACHABLE, what + ": " + host + " refused the connection");
        } catch (SSLException e) {
            throw new PhoneGatewayException(Reason.UNREACHABLE, what + ": TLS with " + host + " failed: "
                    + e.getClass().getSimpleName());
        } catch (IOException e) {
            throw new PhoneGatewayException(Reason.UNREACHABLE, what + ": " + host + " cannot be reached: "
                    + e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            // a request that cannot even be built (a URL the client refuses) is a setting to fix
            throw new PhoneGatewayException(Reason.MISCONFIGURED, what + ": the request to " + host
                    + " could not be made: " + e.getClass().getSimpleName());
        }
    }

    private static SimpleHttpRequest prepare(SimpleHttp http, GatewayRequest request) {
        SimpleHttpRequest prepared = switch (request.method()) {
            case "GET" -> http.doGet(request.url());
            case "PUT" -> http.doPut(request.url());
            default -> http.doPost(request.url());
        };
        request.headers().forEach(prepared::header);
        if (request.body() != null) {
            prepared.entity(new StringEntity(request.body(), ContentType.create(request.contentType(),
                    StandardCharsets.UTF_8)));
        }
        return prepared;
    }

    private static String host(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "the gateway" : host;
        } catch (IllegalArgumentException e) {
            return "the gateway";
        }
    }
}
