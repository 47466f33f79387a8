package dev.kcmfa.phone.gateway.http;

import java.util.Map;
import java.util.function.Function;

import dev.kcmfa.phone.gateway.GatewayAnswer;
import dev.kcmfa.phone.gateway.GatewayHttp;
import dev.kcmfa.phone.gateway.GatewayTimeouts;
import dev.kcmfa.phone.gateway.PhoneGateway;
import dev.kcmfa.phone.gateway.PhoneGatewayException;
import dev.kcmfa.phone.gateway.PhoneMessage;
import org.keycloak.http.simple.SimpleHttp;

/** Sends through any HTTP SMS or voice service that takes a templated JSON, form or query request. */
final class HttpGateway implements PhoneGateway {

    private final Function<GatewayTimeouts, SimpleHttp> clients;

    /** {@code clients}: a client bounded by the given time-outs. */
    HttpGateway(Function<GatewayTimeouts, SimpleHttp> clients) {
        this.clients = clients;
    }

    @Override
    public void send(Map<String, String> settings, PhoneMessage message) throws PhoneGatewayException {
        HttpGatewaySettings parsed = HttpGatewaySettings.of(settings);
        String what = message.summary();
        PhoneGatewayException.failOn(parsed.problem(message.channel()), what);
        GatewayAnswer answer = GatewayHttp.exchange(clients.apply(parsed.timeouts()),
                HttpGatewayCall.request(parsed, message), what);
        HttpGatewayCall.check(parsed, answer, what);
    }
}
