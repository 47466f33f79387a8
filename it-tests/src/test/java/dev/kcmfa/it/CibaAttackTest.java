package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.ciba.AuthRequestID;
import com.nimbusds.oauth2.sdk.ciba.CIBAGrant;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.sun.net.httpserver.HttpServer;
import dev.kcmfa.devicecli.PushDevice;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * An attack on CIBA by push (review of 9b09690): what a CIBA app, a fast phone, a slow app or odd input can get out of
 * the backchannel. Each test states the safe behaviour; one that fails is a finding.
 */
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class CibaAttackTest extends CallCentreTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The phone lists the request while Keycloak still sends the push: Keycloak stores it only after the channel. */
    @Test
    void aPhoneThatAnswersWhileThePushIsStillBeingSentSettlesTheRequest() throws Exception {
        PushPhones.PushUser caller = PushPhones.enrollThroughLogin(realm, loginUrl(), "fastphone");
        try (SlowServer slowFirebase = new SlowServer(Duration.ofSeconds(4), 200,
                "{\"name\":\"projects/kc-mfa-test/messages/1\"}")) {
            DemoRealm.configurePushSteps(realm, Map.of("fcmServiceAccount", fcm.serviceAccountJson(),
                    "fcmBaseUrl", slowFirebase.url()));
            CompletableFuture<CallCentreApp.Request> asked = CompletableFuture.supplyAsync(() -> {
                try {
                    return callCentre.ask(caller.username(), "ORDER-1");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            PushDevice.Challenge shown = firstListedOn(caller.phone(), Duration.ofSeconds(3));
            int answer = caller.phone().approve(shown, "").status();
            CallCentreApp.Request request = asked.get();
            assertTrue(request.accepted(), request.toString());

            CallCentreApp.Outcome outcome = callCentre.pollUntilAnswered(request, Duration.ofSeconds(15)).get();
            assertTrue(outcome.gotTokens(), "the phone was told " + answer + ", the app's last answer: "
                    + outcome.error());
        }
    }

    /** The call centre needs only its own secret and a username; the user's denials must not lock them out. */
    @Test
    void denyingAnAppsRequestsDoesNotLockTheUserOutOfEveryDoor() throws Exception {
        PushPhones.PushUser caller = PushPhones.enrollThroughLogin(realm, loginUrl(), "spammed");
        int denied = 0;
        for (int i = 0; i < 10; i++) {
            CallCentreApp.Request request = callCentre.ask(caller.username(), "SPAM-" + i);
            if (!request.accepted()) {
                System.out.println("CibaAttackTest: request " + i + " refused: " + request);
                break;
            }
            caller.phone().deny(firstListedOn(caller.phone(), Duration.ofSeconds(3)));
            denied++;
        }
        DemoRealm.awaitBruteForceFailures(realm, caller.username(), denied);
        Map<String, Object> status = realm.admin().attackDetection()
                .bruteForceUserStatus(DemoRealm.userId(realm, caller.username()));
        CallCentreApp.Request afterwards = callCentre.ask(caller.username(), "LEGIT");
        System.out.println("CibaAttackTest: after " + denied + " denials: " + status + "; next request: "
                + afterwards);
        assertEquals(Boolean.FALSE, status.get("disabled"),
                "after " + denied + " denied app requests the user is locked out: " + status);
    }

    /** A phone approval is one factor, no password: its tokens must not reach the account's credentials. */
    @Test
    void theCallCentresTokenCannotRemoveTheUsersPassword() throws Exception {
        PushPhones.PushUser caller = PushPhones.enrollThroughLogin(realm, loginUrl(), "acctdoor");
        String accessToken = accessTokenAfterApproval(caller);
        String userId = DemoRealm.userId(realm, caller.username());
        String password = realm.admin().users().get(userId).credentials().stream()
                .filter(c -> CredentialRepresentation.PASSWORD.equals(c.getType())).findFirst().orElseThrow().getId();

        HttpResponse<String> listed = HTTP.send(HttpRequest.newBuilder(
                URI.create(realm.getBaseUrl() + "/account/credentials"))
                .header("Authorization", "Bearer " + accessToken).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(
                URI.create(realm.getBaseUrl() + "/account/credentials/" + password))
                .header("Authorization", "Bearer " + accessToken).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("CibaAttackTest: account API with the CIBA token: GET " + listed.statusCode()
                + ", DELETE password " + deleted.statusCode());

        assertTrue(realm.admin().users().get(userId).credentials().stream()
                .anyMatch(c -> password.equals(c.getId())),
                "the app's token (phone only) removed the user's password: DELETE answered " + deleted.statusCode());
    }

    /** Push is one factor: an app asking for the MFA level must not get tokens saying it (nor a level it lacks). */
    @Test
    void anAppAskingForTheMfaLevelIsNotToldItGotIt() throws Exception {
        PushPhones.PushUser caller = PushPhones.enrollThroughLogin(realm, loginUrl(), "acrmfa");
        Backchannel asked = backchannel(Map.of("login_hint", caller.username(), "scope", "openid",
                "binding_message", "ORDER-2", "acr_values", "mfa"));
        System.out.println("CibaAttackTest: acr_values=mfa: " + asked);
        if (asked.status() != 200) {
            assertTrue(asked.status() < 500, asked.toString());
            return;
        }
        caller.phone().approve(firstListedOn(caller.phone(), Duration.ofSeconds(3)), "");
        CallCentreApp.Outcome outcome = callCentre.pollUntilAnswered(asked.request(), Duration.ofSeconds(20)).get();
        if (outcome.gotTokens()) {
            AppIdToken token = AppIdToken.of(realm, CallCentreApp.CLIENT_ID, outcome.idToken());
            System.out.println("CibaAttackTest: acr_values=mfa gave " + token);
            assertNotEquals("mfa", token.acr(), "a phone approval alone claimed the MFA level");
            assertFalse(token.amr().contains("mfa"), token.toString());
            assertFalse(token.amr().contains("pwd"), "no password was asked: " + token);
        }
    }

    /** Odd input at the backchannel endpoint is the app's mistake: a 4xx saying so, never a 5xx or a trace. */
    @Test
    void oddBackchannelInputNeverGivesA5xx() throws Exception {
        PushPhones.PushUser caller = PushPhones.enrollThroughLogin(realm, loginUrl(), "oddinput");
        String disabled = DemoRealm.createUser(realm, "disabled", DemoRealm.MOBILE);
        UserRepresentation off = realm.admin().users().get(DemoRealm.userId(realm, disabled)).toRepresentation();
        off.setEnabled(false);
        realm.admin().users().get(off.getId()).update(off);
        List<Map<String, String>> odd = List.of(
                Map.of("login_hint", caller.username(), "scope", "openid", "binding_message", "<b>x</b>"),
                Map.of("login_hint", caller.username(), "scope", "openid", "binding_message", "x".repeat(51)),
                Map.of("login_hint", caller.username(), "scope", "openid", "binding_message", "Überweisung"),
                Map.of("login_hint", caller.username(), "scope", "openid", "binding_message", ""),
                Map.of("login_hint", caller.username(), "scope", "openid", "requested_expiry", "abc"),
                Map.of("login_hint", caller.username(), "scope", "openid", "requested_expiry", "99999999999"),
                Map.of("login_hint", "nobody-" + System.nanoTime(), "scope", "openid"),
                Map.of("login_hint", "", "scope", "openid"),
                Map.of("login_hint", disabled, "scope", "openid"),
                Map.of("login_hint", caller.username(), "scope", "openid", "login_hint_token", "x.y.z"),
                Map.of("id_token_hint", "not-a-jwt", "scope", "openid"));
        List<String> failures = new ArrayList<>();
        for (Map<String, String> params : odd) {
            Backchannel answer = backchannel(params);
            System.out.println("CibaAttackTest: " + params + " -> " + answer);
            if (answer.status() >= 500 || answer.body().contains("Exception") || answer.body().contains("\tat ")) {
                failures.add(params + " -> " + answer);
            }
        }
        // requested_expiry within range but shorter than the push's: the phone's request ends with the app's
        Backchannel negative = backchannel(Map.of("login_hint", caller.username(), "scope", "openid",
                "requested_expiry", "-5"));
        System.out.println("CibaAttackTest: requested_expiry=-5 -> " + negative);
        if (negative.status() >= 500) {
            failures.add("requested_expiry=-5 -> " + negative);
        }
        assertEquals(List.of(), failures);
    }

    /** The browser's long-poll serves only the browser of the login; a backchannel challenge has none. */
    @Test
    void noBrowserCanWaitOnOrReadABackchannelChallenge() throws Exception {
        PushPhones.PushUser caller = PushPhones.enrollThroughLogin(realm, loginUrl(), "nobrowser");
        assertTrue(callCentre.ask(caller.username(), "ORDER-3").accepted());
        PushDevice.Challenge shown = firstListedOn(caller.phone(), Duration.ofSeconds(3));

        HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(URI.create(realm.getBaseUrl()
                + "/mfa-push/challenges/" + shown.id() + "/status?wait=0")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, status.statusCode(), status.body());
    }

    /** An app gone after the request was accepted: the phone is not told approved while the app gets nothing. */
    @Test
    void aUserDisabledBeforeThePhoneApprovedGetsTheAppNoTokens() throws Exception {
        PushPhones.PushUser caller = PushPhones.enrollThroughLogin(realm, loginUrl(), "disabledlater");
        CallCentreApp.Request request = callCentre.ask(caller.username(), "ORDER-4");
        assertTrue(request.accepted(), request.toString());
        PushDevice.Challenge shown = firstListedOn(caller.phone(), Duration.ofSeconds(3));
        UserRepresentation user = realm.admin().users().get(DemoRealm.userId(realm, caller.username()))
                .toRepresentation();
        user.setEnabled(false);
        realm.admin().users().get(user.getId()).update(user);

        int phoneTold = caller.phone().approve(shown, "").status();
        CallCentreApp.Outcome outcome = callCentre.pollUntilAnswered(request, Duration.ofSeconds(15)).get();
        System.out.println("CibaAttackTest: disabled user: phone told " + phoneTold + ", app got " + outcome);
        assertFalse(outcome.gotTokens(), "a disabled user's app got tokens");
        assertEquals("invalid_grant", outcome.error());
    }

    /** In ping mode the phone's answer waits for the app's endpoint: it must not be held long by a slow app. */
    @Test
    void aSlowPingEndpointHoldsThePhonesAnswerOnlyBriefly() throws Exception {
        try (SlowServer slowApp = new SlowServer(Duration.ofSeconds(30), 204, "")) {
            realm.updateClientWithCleanup(CallCentreApp.CLIENT_ID, c -> c
                    .attribute("ciba.backchannel.token.delivery.mode", "ping")
                    .attribute("ciba.backchannel.client.notification.endpoint", slowApp.url()));
            PushPhones.PushUser caller = PushPhones.enrollThroughLogin(realm, loginUrl(), "slowping");
            CallCentreApp.Request request = callCentre.ask(caller.username(), "ORDER-5", "app-notify-2");
            assertTrue(request.accepted(), request.toString());
            PushDevice.Challenge shown = firstListedOn(caller.phone(), Duration.ofSeconds(3));

            long start = System.nanoTime();
            int phoneTold = caller.phone().approve(shown, "").status();
            long heldMillis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("CibaAttackTest: slow ping endpoint held the phone's answer " + heldMillis + " ms");

            assertEquals(200, phoneTold);
            assertTrue(heldMillis < 7000, "the phone waited " + heldMillis + " ms on the app");
            assertTrue(callCentre.tokenRequest(request).gotTokens());
        }
    }

    private String accessTokenAfterApproval(PushPhones.PushUser caller) throws Exception {
        CallCentreApp.Request request = callCentre.ask(caller.username(), "ORDER-6");
        assertTrue(request.accepted(), request.toString());
        caller.phone().approve(firstListedOn(caller.phone(), Duration.ofSeconds(3)), "");
        for (int i = 0; i < 10; i++) {
            Thread.sleep(request.intervalSeconds() * 1000L);
            TokenResponse response = OIDCTokenResponseParser.parse(new TokenRequest(
                    URI.create(realm.getBaseUrl() + "/protocol/openid-connect/token"),
                    new ClientSecretBasic(new ClientID(CallCentreApp.CLIENT_ID), CallCentreApp.SECRET),
                    new CIBAGrant(request.id())).toHTTPRequest().send());
            if (response.indicatesSuccess()) {
                return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getAccessToken()
                        .getValue();
            }
        }
        throw new AssertionError("no tokens after the phone approved");
    }

    private static PushDevice.Challenge firstListedOn(PushDevice phone, Duration bound) throws Exception {
        long until = System.currentTimeMillis() + bound.toMillis();
        while (true) {
            List<PushDevice.Challenge> pending = phone.pending();
            if (!pending.isEmpty() || System.currentTimeMillis() > until) {
                assertFalse(pending.isEmpty(), "the phone lists the request");
                return pending.get(0);
            }
            Thread.sleep(50);
        }
    }

    /** Keycloak's raw answer at the backchannel endpoint, and the request it accepted. */
    private record Backchannel(int status, String body, CallCentreApp.Request request) {
    }

    private Backchannel backchannel(Map<String, String> params) throws Exception {
        String form = new LinkedHashMap<>(params).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(realm.getBaseUrl() + "/protocol/openid-connect/ext/ciba/auth"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (CallCentreApp.CLIENT_ID + ":" + CallCentreApp.SECRET.getValue()).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        CallCentreApp.Request accepted = null;
        if (response.statusCode() == 200) {
            JsonNode json = FakeServerHttp.JSON.readTree(response.body());
            accepted = new CallCentreApp.Request(new AuthRequestID(json.path("auth_req_id").asText()),
                    Math.max(1, json.path("interval").asInt(5)), 200, null, null);
        }
        return new Backchannel(response.statusCode(), response.body(), accepted);
    }

    /** A loopback server that answers every request after a delay: Firebase or an app's endpoint, slow. */
    private static final class SlowServer implements AutoCloseable {
        private final HttpServer server;

        SlowServer(Duration delay, int status, String body) throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                try {
                    exchange.getRequestBody().readAllBytes();
                    Thread.sleep(delay.toMillis());
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                    if (bytes.length > 0) {
                        exchange.getResponseBody().write(bytes);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    exchange.close();
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
