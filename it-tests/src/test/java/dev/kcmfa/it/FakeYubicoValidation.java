package dev.kcmfa.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Yubico validation server (protocol 2.0, as YubiCloud and yubikey-val speak it) on loopback: it checks each
 * request's HMAC-SHA1 signature with the client's API key, knows the OTPs its "keys" typed ({@link #touch}), answers
 * OK once per OTP and REPLAYED_OTP after that, BAD_OTP for any other, and signs every answer. Faults are switched on
 * by the test: an answer signed with another key, an answer about another nonce, or no answer at all.
 */
final class FakeYubicoValidation implements AutoCloseable {

    static final String CLIENT_ID = "87";
    static final String API_KEY = Base64.getEncoder().encodeToString("demo yubico api key!".getBytes(StandardCharsets.US_ASCII));
    static final String PATH = "/wsapi/2.0/verify";
    private static final String MODHEX = "cbdefghijklnrtuv";
    private static final SecureRandom RANDOM = new SecureRandom();

    enum Fault { NONE, FORGED_SIGNATURE, OTHER_NONCE, SILENT }

    private final HttpServer server;
    private final Set<String> typed = ConcurrentHashMap.newKeySet();
    private final Set<String> spent = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> requestsPerOtp = new ConcurrentHashMap<>();
    private volatile Fault fault = Fault.NONE;

    FakeYubicoValidation(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext(PATH, this::verify);
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-yubico");
            thread.setDaemon(true); // a silent answer's thread must not hold the test JVM
            return thread;
        }));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** A new public id (12 modhex characters), as a YubiKey fresh from the factory has. */
    static String newKey() {
        return modhex(12);
    }

    /** What the key types when touched: its public id and a fresh token, which this server now knows. */
    String touch(String publicId) {
        String otp = publicId + modhex(32);
        typed.add(otp);
        return otp;
    }

    /** How many validation requests named this OTP. */
    int requestsFor(String otp) {
        return requestsPerOtp.getOrDefault(otp, 0);
    }

    void fault(Fault fault) {
        this.fault = fault;
    }

    void reset() {
        fault = Fault.NONE;
        requestsPerOtp.clear();
    }

    private void verify(HttpExchange exchange) throws IOException {
        Map<String, String> request = FakeServerHttp.urlEncoded(exchange.getRequestURI().getRawQuery());
        String otp = request.getOrDefault("otp", "");
        requestsPerOtp.merge(otp, 1, Integer::sum);
        if (fault == Fault.SILENT) {
            try {
                Thread.sleep(60_000); // longer than any time-out the step allows
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        Map<String, String> answer = new TreeMap<>();
        answer.put("t", Instant.now().toString());
        answer.put("otp", otp);
        answer.put("nonce", fault == Fault.OTHER_NONCE ? "othernonce0123456789" : request.getOrDefault("nonce", ""));
        answer.put("status", status(request, otp));
        String key = fault == Fault.FORGED_SIGNATURE ? Base64.getEncoder().encodeToString(new byte[20]) : API_KEY;
        answer.put("h", sign(answer, key));
        String body = answer.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\r\n", "", "\r\n\r\n"));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String status(Map<String, String> request, String otp) {
        if (!CLIENT_ID.equals(request.get("id"))) {
            return "NO_SUCH_CLIENT";
        }
        if (!sign(request, API_KEY).equals(request.get("h"))) {
            return "BAD_SIGNATURE";
        }
        if (!typed.contains(otp)) {
            return "BAD_OTP";
        }
        return spent.add(otp) ? "OK" : "REPLAYED_OTP";
    }

    /** The protocol's signature: HMAC-SHA1 over the parameters but h, sorted, joined as k=v&k=v, Base64. */
    private static String sign(Map<String, String> params, String base64Key) {
        String line = new TreeMap<>(params).entrySet().stream().filter(e -> !"h".equals(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Key), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(line.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String modhex(int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(MODHEX.charAt(RANDOM.nextInt(MODHEX.length())));
        }
        return out.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
