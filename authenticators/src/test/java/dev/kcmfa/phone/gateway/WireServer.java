package dev.kcmfa.phone.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.http.impl.client.HttpClients;
import org.keycloak.http.simple.SimpleHttp;

import dev.kcmfa.core.BoundedHttp;

/**
 * A gateway's far end for tests of the real gateway classes: a JDK HTTP server on loopback that records each request
 * and answers what the test set. The gateways get a plain HTTP client (no Keycloak session) with their time-outs.
 */
public final class WireServer implements AutoCloseable {

    /** What arrived: header names as the JDK server gives them (first letter upper case). */
    public record Received(String method, String uri, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    /** What to answer: status, JSON body, extra headers, and a delay before answering. */
    public record Answer(int status, String body, Map<String, String> headers, Duration delay) {

        public static Answer of(int status, String body) {
            return new Answer(status, body, Map.of(), Duration.ZERO);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile Answer answer = Answer.of(200, "{}");

    public WireServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "wire-server");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A base URL on loopback where nothing listens. */
    public static String closedPortUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    /** Plain clients bounded as Keycloak's would be. */
    public static Function<GatewayTimeouts, SimpleHttp> clients() {
        return timeouts -> BoundedHttp.bounded(SimpleHttp.create(HttpClients.createDefault()), timeouts.connect(),
                timeouts.read());
    }

    public void answer(Answer answer) {
        this.answer = answer;
    }

    public Received next() throws InterruptedException {
        return received.poll(5, TimeUnit.SECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        Answer current = answer;
        try {
            Thread.sleep(current.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = current.body().getBytes(StandardCharsets.UTF_8);
        current.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(current.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
