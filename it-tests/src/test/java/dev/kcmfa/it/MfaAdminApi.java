package dev.kcmfa.it;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.util.JsonSerialization;

/** The bundle's admin REST API ({@code /admin/realms/{realm}/mfa}) called as an admin tool would, with a bearer token. */
public final class MfaAdminApi {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    public MfaAdminApi(ManagedRealm realm, String token) {
        this(realm.getBaseUrl().replace("/realms/" + realm.getName(), ""), realm.getName(), token);
    }

    private MfaAdminApi(String serverUrl, String realmName, String token) {
        this.base = serverUrl + "/admin/realms/" + realmName + "/mfa/";
        this.token = token;
    }

    /** The API as a user of the realm calls it, with a token from the realm's admin-cli client. */
    public static MfaAdminApi asUser(ManagedRealm realm, String username) {
        return new MfaAdminApi(realm, DemoRealm.adminClientOf(realm, username).tokenManager().getAccessTokenString());
    }

    /** The API of another realm of the same server, with the same token. */
    public static MfaAdminApi ofRealm(ManagedRealm sameServer, String realmName, String token) {
        return new MfaAdminApi(sameServer.getBaseUrl().replace("/realms/" + sameServer.getName(), ""), realmName,
                token);
    }

    /** The API of a realm the test made itself, at the server's base URL ({@code KeycloakUrls.getBase()}). */
    public static MfaAdminApi ofServer(String serverUrl, String realmName, String token) {
        return new MfaAdminApi(serverUrl, realmName, token);
    }

    public Reply get(String path) throws Exception {
        return send(request(path).GET());
    }

    public Reply put(String path, String json) throws Exception {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply post(String path, String json) throws Exception {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply delete(String path) throws Exception {
        return send(request(path).DELETE());
    }

    /** A policy scope as a path: {@code group:/staff} stays readable, other characters are encoded. */
    public static String policyPath(String scope) {
        return "policies/" + URLEncoder.encode(scope, StandardCharsets.UTF_8).replace("%2F", "/").replace("%3A", ":");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
    }

    private Reply send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    public record Reply(int status, String body) {
        public JsonNode json() throws Exception {
            return JsonSerialization.mapper.readTree(body);
        }
    }
}
