package dev.kcmfa.phone.gateway.twilio;

import java.util.Map;
import java.util.function.Function;

import dev.kcmfa.phone.gateway.GatewayHttp;
import dev.kcmfa.phone.gateway.GatewayTimeouts;
import dev.kcmfa.phone.gateway.PhoneGateway;
import dev.kcmfa.phone.gateway.PhoneGatewayException;
import dev.kcmfa.phone.gateway.PhoneMessage;
import org.jboss.logging.Logger;
import org.keycloak.http.simple.SimpleHttp;

/** Sends SMS and places calls through Twilio's REST API. */
final class TwilioGateway implements PhoneGateway {

    private static final Logger LOG = Logger.getLogger(TwilioGateway.class);

    private final Function<GatewayTimeouts, SimpleHttp> clients;

    /** {@code clients}: a client bounded by the given time-outs. */
    TwilioGateway(Function<GatewayTimeouts, SimpleHttp> clients) {
        this.clients = clients;
    }

    @Override
    public void send(Map<String, String> settings, PhoneMessage message) throws PhoneGatewayException {
        TwilioSettings parsed = TwilioSettings.of(settings);
        String what = message.summary();
        PhoneGatewayException.failOn(parsed.problem(message.channel()), what);
        String sid = TwilioCall.check(GatewayHttp.exchange(clients.apply(parsed.timeouts()),
                TwilioCall.request(parsed, message), what), what);
        LOG.debugf("Twilio accepted the %s as %s", what, sid);
    }
}
