package dev.kcmfa.phone.gateway;

import java.util.Map;

/**
 * One HTTP request to a gateway, built by a gateway's pure code and sent by {@link GatewayHttp}: the method, the
 * full URL (query included), headers, and a body with its content type (both null for none).
 */
public record GatewayRequest(String method, String url, Map<String, String> headers, String contentType,
        String body) {

    public GatewayRequest {
        headers = Map.copyOf(headers);
    }
}
