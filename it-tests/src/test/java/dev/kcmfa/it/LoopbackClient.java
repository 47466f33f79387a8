package dev.kcmfa.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client at its own loopback address (127.0.0.x): plain HTTP/1.0 GETs (no chunked bodies) from that source address,
 * so that a test can play one client among many, as the server's per-address limits see them, without leaving the
 * machine.
 */
final class LoopbackClient {

    /** A reply: its status code and body. */
    record Reply(int status, String body) {
    }

    private final InetSocketAddress source;

    LoopbackClient(String loopbackAddress) {
        this.source = new InetSocketAddress(loopbackAddress, 0);
    }

    /** GETs {@code url} of a server on loopback, with these cookies (a {@code Cookie} header value, or null). */
    Reply get(String url, String cookies, Duration timeout) throws IOException {
        URI uri = URI.create(url);
        try (Socket socket = new Socket()) {
            socket.bind(source);
            socket.connect(new InetSocketAddress("127.0.0.1", uri.getPort()), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + " HTTP/1.0\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nConnection: close\r\n"
                    + (cookies == null ? "" : "Cookie: " + cookies + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            int bodyAt = response.indexOf("\r\n\r\n");
            return new Reply(status, bodyAt < 0 ? "" : response.substring(bodyAt + 4));
        }
    }
}
