package dev.kcmfa.it;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.nimbusds.oauth2.sdk.ciba.CIBAPingCallback;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.sun.net.httpserver.HttpServer;

/**
 * The call centre's client notification endpoint (CIBA ping mode) on loopback: Keycloak posts the request's id here,
 * with the app's notification token, once the user has answered; the callbacks are parsed as the app's library does.
 */
final class CallCentreNotifications implements AutoCloseable {

    private final HttpServer server;
    private final BlockingQueue<CIBAPingCallback> received = new LinkedBlockingQueue<>();

    CallCentreNotifications() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ciba-notification", exchange -> {
            try {
                HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, URI.create(url()));
                request.setHeader("Authorization", exchange.getRequestHeaders().getFirst("Authorization"));
                request.setHeader("Content-Type", exchange.getRequestHeaders().getFirst("Content-Type"));
                request.setBody(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                received.add(CIBAPingCallback.parse(request));
                exchange.sendResponseHeaders(204, -1);
            } catch (Exception e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ciba-notification";
    }

    /** The next callback Keycloak made, waiting for it a little; null if none came. */
    CIBAPingCallback next() throws InterruptedException {
        return received.poll(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
