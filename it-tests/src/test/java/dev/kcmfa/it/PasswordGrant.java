package dev.kcmfa.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.kcmfa.devicecli.PushDevice;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The demo app's OAuth password grant, as curl or a CLI tool sends it, from a chosen client address and with a chosen
 * User-Agent and the tool's number for a push; with a push step it is answered once the phone has answered.
 */
final class PasswordGrant {

    /** The two digits the tool shows its user and sends as {@code push_number}; the phone's user types them. */
    static final String PUSH_NUMBER = "42";

    private PasswordGrant() {
    }

    /** Sends the grant to the server at {@code host} ("127.0.0.1" or "[::1]"), the source address the server sees. */
    static CompletableFuture<HttpResponse<String>> start(ManagedRealm realm, String host, String username,
            String userAgent) {
        String form = "grant_type=password&client_id=test-app&client_secret=test-secret&scope=openid"
                + "&username=" + username + "&password=" + username + "&push_number=" + PUSH_NUMBER;
        String tokenUrl = realm.getBaseUrl().replaceFirst("^http://[^/]+:", "http://" + host + ":")
                + "/protocol/openid-connect/token";
        return HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(tokenUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the app does when a push arrives: ask Keycloak for the request (here until it exists). */
    static PushDevice.Challenge awaitPending(PushDevice phone, CompletableFuture<HttpResponse<String>> grant)
            throws Exception {
        for (int i = 0; i < 100 && !grant.isDone(); i++) {
            List<PushDevice.Challenge> pending = phone.pending();
            if (!pending.isEmpty()) {
                return pending.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no request reached the phone; token endpoint: "
                + (grant.isDone() ? grant.get().statusCode() + " " + grant.get().body() : "still waiting"));
    }
}
