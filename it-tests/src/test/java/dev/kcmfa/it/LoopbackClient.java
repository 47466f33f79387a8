package dev.kcmfa.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A client at its own loopback address (127.0.0.x): plain HTTP/1.0 GETs and form POSTs (no chunked bodies) from that
 * source address, so that a test can play one client among many, as the server's per-address limits see them,
 * without leaving the machine.
 */
final class LoopbackClient {

    /** A reply: its status code, its headers (the first value of each, names in lower case) and body. */
    record Reply(int status, Map<String, String> headers, String body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private final InetSocketAddress source;

    LoopbackClient(String loopbackAddress) {
        this.source = new InetSocketAddress(loopbackAddress, 0);
    }

    /** GETs {@code url} of a server on loopback, with these cookies (a {@code Cookie} header value, or null). */
    Reply get(String url, String cookies, Duration timeout) throws IOException {
        return exchange("GET", url, cookies == null ? "" : "Cookie: " + cookies + "\r\n", "", timeout);
    }

    /** POSTs an {@code application/x-www-form-urlencoded} form (already encoded), as curl or a tool sends it. */
    Reply postForm(String url, String form, Duration timeout) throws IOException {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        return exchange("POST", url, "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + body.length + "\r\n", form, timeout);
    }

    private Reply exchange(String method, String url, String headers, String body, Duration timeout)
            throws IOException {
        URI uri = URI.create(url);
        try (Socket socket = new Socket()) {
            socket.bind(source);
            socket.connect(new InetSocketAddress("127.0.0.1", uri.getPort()), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + " HTTP/1.0\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nConnection: close\r\n"
                    + headers + "\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static Reply parse(String response) {
        int bodyAt = response.indexOf("\r\n\r\n");
        String head = bodyAt < 0 ? response : response.substring(0, bodyAt);
        Map<String, String> headers = new HashMap<>();
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        return new Reply(Integer.parseInt(response.substring(9, 12)), headers,
                bodyAt < 0 ? "" : response.substring(bodyAt + 4));
    }
}
