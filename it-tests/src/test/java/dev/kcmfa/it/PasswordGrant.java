package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.kcmfa.devicecli.PushDevice;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The OAuth password grant of a demo client, as curl or a CLI tool sends it, from a chosen client address and with a
 * chosen User-Agent and the second factor's own form fields (the tool's number for a push, a code); with a push step
 * it is answered once the phone has answered.
 */
final class PasswordGrant {

    /** The two digits the tool shows its user and sends as {@code push_number}; the phone's user types them. */
    static final String PUSH_NUMBER = "42";
    /** The demo's confidential app (registered by {@code @InjectOAuthClient}), as a server-side tool holds it. */
    static final String TEST_APP = "client_id=test-app&client_secret=test-secret&scope=openid";
    /** The demo's public command-line client, as docs/push.md shows it with curl. */
    static final String DEMO_CLI = "client_id=demo-cli";

    private static final String LOOPBACK = "127.0.0.1";
    private static final String CURL = "curl/8.5.0";
    /** A tool waiting for a phone holds its connection: each gets a thread of its own. */
    private static final ExecutorService WAITING_TOOLS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "password-grant");
        thread.setDaemon(true);
        return thread;
    });

    private PasswordGrant() {
    }

    /**
     * The test app's grant with the tool's number {@link #PUSH_NUMBER}, sent to the server at {@code host}
     * ("127.0.0.1" or "[::1]"), the source address the server sees.
     */
    static CompletableFuture<HttpResponse<String>> start(ManagedRealm realm, String host, String username,
            String userAgent) {
        return post(realm.getBaseUrl(), host, userAgent, TEST_APP, username, Map.of("push_number", PUSH_NUMBER));
    }

    /**
     * The grant of {@code client} ({@link #TEST_APP}, {@link #DEMO_CLI}) as curl sends it from 127.0.0.1, with the
     * second factor's fields as given ({@code push_number}, {@code otp}, {@code duo_passcode}; none, or another
     * number than the tool's, where a test sends them so).
     */
    static CompletableFuture<HttpResponse<String>> start(ManagedRealm realm, String client, String username,
            Map<String, String> factorFields) {
        return post(realm.getBaseUrl(), LOOPBACK, CURL, client, username, factorFields);
    }

    /** The same, answered: for steps that answer the token request without a phone in the middle. */
    static HttpResponse<String> send(ManagedRealm realm, String client, String username,
            Map<String, String> factorFields) throws Exception {
        return send(realm.getBaseUrl(), client, username, factorFields);
    }

    /** The same, to the realm at {@code realmUrl} ({@code http://host:port/realms/name}) of a server of our own. */
    static HttpResponse<String> send(String realmUrl, String client, String username,
            Map<String, String> factorFields) throws Exception {
        return post(realmUrl, LOOPBACK, CURL, client, username, factorFields).get();
    }

    /**
     * The grant of {@code demo-cli} as a tool built on an OAuth library (Nimbus) sends it, from the tool's own
     * loopback address: the library writes the request and reads the answer, {@code tool} carries them, since the
     * library cannot choose its source address. The second factor's fields as given ({@code push_number}, ...).
     */
    static CompletableFuture<HTTPResponse> fromAddress(ManagedRealm realm, LoopbackClient tool, String username,
            Map<String, String> factorFields) {
        TokenRequest.Builder request = new TokenRequest.Builder(URI.create(tokenUrl(realm, LOOPBACK)),
                new ClientID("demo-cli"), new ResourceOwnerPasswordCredentialsGrant(username, new Secret(username)));
        factorFields.forEach(request::customParameter);
        String form = request.build().toHTTPRequest().getBody();
        return CompletableFuture.supplyAsync(() -> {
            try {
                return asNimbusReads(tool.postForm(tokenUrl(realm, LOOPBACK), form, Duration.ofSeconds(90)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, WAITING_TOOLS);
    }

    private static HTTPResponse asNimbusReads(LoopbackClient.Reply reply) {
        HTTPResponse response = new HTTPResponse(reply.status());
        reply.headers().forEach(response::setHeader);
        try {
            response.setContentType(reply.header("Content-Type").orElse(null));
        } catch (ParseException e) {
            throw new AssertionError("unreadable Content-Type: " + reply, e);
        }
        response.setBody(reply.body());
        return response;
    }

    private static String tokenUrl(ManagedRealm realm, String host) {
        return tokenUrl(realm.getBaseUrl(), host);
    }

    private static String tokenUrl(String realmUrl, String host) {
        return realmUrl.replaceFirst("^http://[^/]+:", "http://" + host + ":")
                + "/protocol/openid-connect/token";
    }

    private static CompletableFuture<HttpResponse<String>> post(String realmUrl, String host, String userAgent,
            String client, String username, Map<String, String> factorFields) {
        String form = "grant_type=password&" + client + "&username=" + username + "&password=" + username
                + factorFields.entrySet().stream()
                        .map(f -> "&" + f.getKey() + "=" + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining());
        return HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(tokenUrl(realmUrl, host)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the app does when a push arrives: ask Keycloak for the request (here until it exists). */
    static PushDevice.Challenge awaitPending(PushDevice phone, CompletableFuture<?> grant) throws Exception {
        for (int i = 0; i < 100 && !grant.isDone(); i++) {
            List<PushDevice.Challenge> pending = phone.pending();
            if (!pending.isEmpty()) {
                return pending.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no request reached the phone; token endpoint: "
                + (grant.isDone() ? answered(grant.get()) : "still waiting"));
    }

    private static String answered(Object answer) {
        if (answer instanceof HttpResponse<?> response) {
            return response.statusCode() + " " + response.body();
        }
        return answer instanceof HTTPResponse response ? response.getStatusCode() + " " + response.getBody()
                : String.valueOf(answer);
    }

    /** A refusal a tool can show: 400, OAuth JSON, {@code invalid_grant} and the sentence; no tokens. */
    static void assertRefused(HttpResponse<String> response, String description) throws Exception {
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers().map() + " " + response.body());
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertEquals("invalid_grant", body.path("error").asText(), response.body());
        assertEquals(description, body.path("error_description").asText(), response.body());
        assertFalse(body.has("access_token"));
    }
}
