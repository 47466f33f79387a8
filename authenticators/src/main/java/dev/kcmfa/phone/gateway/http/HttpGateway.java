package dev.kcmfa.phone.gateway.http;

import java.util.Map;

import dev.kcmfa.core.BoundedHttp;
import dev.kcmfa.phone.gateway.GatewayAnswer;
import dev.kcmfa.phone.gateway.GatewayHttp;
import dev.kcmfa.phone.gateway.PhoneGateway;
import dev.kcmfa.phone.gateway.PhoneGatewayException;
import dev.kcmfa.phone.gateway.PhoneGatewayException.Reason;
import dev.kcmfa.phone.gateway.PhoneMessage;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.models.KeycloakSession;

/** Sends through any HTTP SMS or voice service that takes a templated JSON, form or query request. */
final class HttpGateway implements PhoneGateway {

    private final ClientFor clients;

    /** A client bounded by the settings' time-outs: Keycloak's in a server, a plain one in tests. */
    interface ClientFor {
        SimpleHttp client(HttpGatewaySettings settings);
    }

    HttpGateway(ClientFor clients) {
        this.clients = clients;
    }

    static HttpGateway of(KeycloakSession session) {
        return new HttpGateway(settings -> BoundedHttp.create(session, settings.timeouts().connect(),
                settings.timeouts().read()));
    }

    @Override
    public void send(Map<String, String> settings, PhoneMessage message) throws PhoneGatewayException {
        HttpGatewaySettings parsed = HttpGatewaySettings.of(settings);
        String what = message.summary();
        if (parsed.problem(message.channel()).isPresent()) {
            throw new PhoneGatewayException(Reason.MISCONFIGURED, what + ": " + parsed.problem(message.channel()).get());
        }
        GatewayAnswer answer = GatewayHttp.exchange(clients.client(parsed), HttpGatewayCall.request(parsed, message),
                what);
        HttpGatewayCall.check(parsed, answer, what);
    }
}
