package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.util.JsonSerialization;

/**
 * What the account console's "Signing in" and "Personal info" pages show and do, through the REST API they use, as
 * the signed-in user.
 */
final class AccountConsole {

    private final ManagedRealm realm;
    private final String accessToken;
    private final HttpClient http = HttpClient.newHttpClient();

    AccountConsole(ManagedRealm realm, String accessToken) {
        this.realm = realm;
        this.accessToken = accessToken;
    }

    /** The credential type as the page lists it (with its display name, "removeable" and the user's credentials). */
    JsonNode credentialType(String type) throws Exception {
        HttpResponse<String> response = http.send(request("/account/credentials").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        for (JsonNode listed : JsonSerialization.mapper.readTree(response.body())) {
            if (type.equals(listed.path("type").asText())) {
                return listed;
            }
        }
        throw new AssertionError("the account console does not list " + type + ": " + response.body());
    }

    /** A message of the account console in English, as its page loads them (the bundle's messages included). */
    String message(String key) throws Exception {
        String base = realm.getBaseUrl().substring(0, realm.getBaseUrl().indexOf("/realms/"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                base + "/resources/" + realm.getName() + "/account/en")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        for (JsonNode entry : JsonSerialization.mapper.readTree(response.body())) {
            if (key.equals(entry.path("key").asText())) {
                return entry.path("value").asText();
            }
        }
        throw new AssertionError("no account console message " + key);
    }

    /** The labels of the user's credentials of this type. */
    List<String> labels(String type) throws Exception {
        List<String> labels = new ArrayList<>();
        credentialType(type).path("userCredentialMetadatas")
                .forEach(m -> labels.add(m.path("credential").path("userLabel").asText()));
        return labels;
    }

    /** The user's profile as "Personal info" loads it (its attributes the user may see). */
    JsonNode profile() throws Exception {
        HttpResponse<String> response = http.send(request("/account").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JsonSerialization.mapper.readTree(response.body());
    }

    /**
     * "Personal info"'s "Save" with one attribute set to these values (none: cleared), the rest as loaded; returns
     * the server's answer.
     */
    HttpResponse<String> saveProfileAttribute(String name, List<String> values) throws Exception {
        ObjectNode profile = (ObjectNode) profile();
        ObjectNode attributes = profile.has("attributes") ? (ObjectNode) profile.get("attributes")
                : profile.putObject("attributes");
        attributes.set(name, JsonSerialization.mapper.valueToTree(values));
        return http.send(request("/account").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(profile.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The page's "Remove" button; returns the HTTP status. */
    int remove(String credentialId) throws Exception {
        return http.send(request("/account/credentials/" + credentialId).DELETE().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(realm.getBaseUrl() + path))
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json");
    }
}
