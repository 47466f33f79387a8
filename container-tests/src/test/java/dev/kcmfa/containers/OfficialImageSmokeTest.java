package dev.kcmfa.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundle on the official Keycloak 26.7.3 image (testcontainers-keycloak): the providers load, the demo realm
 * imports, and a user of /staff is asked to set up an authenticator app after the password. Needs a Docker engine;
 * run with {@code mvn -B verify -Pcontainers}.
 */
class OfficialImageSmokeTest {

    private static KeycloakContainer keycloak;

    @BeforeAll
    static void start() throws Exception {
        keycloak = new KeycloakContainer("quay.io/keycloak/keycloak:26.7.3")
                .withProviderLibsFrom(List.of(jar("../authenticators/target"), jar("../themes/target")))
                .withFeaturesEnabled("declarative-ui")
                .withRealmImportFile("/mfa-demo-realm.json");
        keycloak.start();
    }

    @AfterAll
    static void stop() {
        if (keycloak != null) {
            keycloak.stop();
        }
    }

    @Test
    void aStaffUserIsAskedToSetUpAnAuthenticatorAppAfterThePassword() throws Exception {
        // the container serves http on a mapped port: keep cookies by hand (Keycloak marks them Secure)
        HttpClient http = HttpClient.newHttpClient();
        String login = keycloak.getAuthServerUrl() + "/realms/mfa-demo/protocol/openid-connect/auth?client_id=demo-app"
                + "&response_type=code&scope=openid&redirect_uri=" + URLEncoder.encode("http://localhost:3000/cb",
                StandardCharsets.UTF_8) + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbRsZ6_XB-zM"
                + "&code_challenge_method=S256";
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(login)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher action = Pattern.compile("id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"").matcher(page.body());
        assertTrue(action.find(), page.body());
        String cookies = String.join("; ", page.headers().allValues("Set-Cookie").stream()
                .map(c -> c.split(";", 2)[0]).toList());

        HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies)
                .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=alice")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, next.statusCode());
        assertTrue(next.body().contains("id=\"mfa-totp-qr\""), "TOTP enrollment inside the login: " + next.body());
    }

    private static File jar(String folder) throws Exception {
        try (Stream<Path> files = Files.list(Path.of(folder))) {
            return files.map(Path::toString).filter(f -> f.endsWith(".jar") && !f.contains("original"))
                    .findFirst().map(f -> new File(f).getAbsoluteFile())
                    .orElseThrow(() -> new IllegalStateException("build the jars first: mvn -B -DskipTests package"));
        }
    }
}
