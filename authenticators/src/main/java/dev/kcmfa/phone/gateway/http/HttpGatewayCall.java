package dev.kcmfa.phone.gateway.http;

import java.util.Map;

import dev.kcmfa.phone.gateway.GatewayAnswer;
import dev.kcmfa.phone.gateway.GatewayRequest;
import dev.kcmfa.phone.gateway.PhoneGatewayException;
import dev.kcmfa.phone.gateway.PhoneGatewayException.Reason;
import dev.kcmfa.phone.gateway.PhoneMessage;

/** The generic gateway's wire format, without the wire: the request for a message, and what its answer means. */
final class HttpGatewayCall {

    private HttpGatewayCall() {
    }

    static GatewayRequest request(HttpGatewaySettings settings, PhoneMessage message) {
        Map<String, String> values = Map.of("to", nonNull(message.to()), "text", nonNull(message.text()),
                "channel", message.channel().label(), "language", nonNull(message.languageTag()));
        String url = MessageTemplate.render(settings.url(), values, BodyFormat::urlEncoded);
        String body = MessageTemplate.render(settings.bodyTemplate(), values, settings.format().escape());
        if (settings.format() == BodyFormat.NONE) {
            String query = body.isEmpty() ? "" : (url.contains("?") ? "&" : "?") + body;
            return new GatewayRequest(settings.method(), url + query, settings.headers(), null, null);
        }
        return new GatewayRequest(settings.method(), url, settings.headers(), settings.format().contentType(), body);
    }

    /** Returns when the answer says "sent"; otherwise throws why not. */
    static void check(HttpGatewaySettings settings, GatewayAnswer answer, String what) throws PhoneGatewayException {
        if (settings.success().matches(answer.status())) {
            String expected = settings.successBodyContains();
            if (!expected.isEmpty() && (answer.body() == null || !answer.body().contains(expected))) {
                throw new PhoneGatewayException(Reason.REJECTED, what + ": the gateway answered HTTP "
                        + answer.status() + " without '" + expected + "' in its answer");
            }
            return;
        }
        if (answer.rateLimited()) {
            throw new PhoneGatewayException(Reason.RATE_LIMITED, what + ": too many requests, "
                    + answer.rateLimitText());
        }
        if (answer.serverError()) {
            throw new PhoneGatewayException(Reason.SERVER_ERROR, what + ": the gateway failed with HTTP "
                    + answer.status());
        }
        throw new PhoneGatewayException(Reason.REJECTED, what + ": the gateway refused with HTTP " + answer.status());
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
