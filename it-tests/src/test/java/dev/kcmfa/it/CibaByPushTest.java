package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import com.nimbusds.oauth2.sdk.ciba.CIBAPingCallback;
import dev.kcmfa.devicecli.PushDevice;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

/**
 * OpenID CIBA by push: the demo realm's call centre (Nimbus) asks Keycloak to have a caller approve on their phone;
 * the phone (the reference device) is notified through Firebase, shows the app and the binding message, and approves
 * with its device key; the app's poll, or its ping, then gets tokens that say a phone approved ({@code amr} swk and
 * user, and one factor: {@code acr} pwd, level 1). A denial, a request nobody answers, and a caller the phone cannot
 * ask end with CIBA's errors, never with tokens.
 */
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class CibaByPushTest extends CallCentreTest {

    private static final Duration APP_GIVES_UP = Duration.ofSeconds(60);
    private static final String BINDING_MESSAGE = "ORDER-4711";

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    @Test
    void theCallerApprovesOnThePhoneAndTheCallCentreGetsTokensSayingThePhoneApproved() throws Exception {
        PushPhones.PushUser caller = PushPhones.enrollThroughLogin(realm, loginUrl(), "caller");

        CallCentreApp.Request request = callCentre.ask(caller.username(), BINDING_MESSAGE);

        assertTrue(request.accepted(), request.toString());
        PushDevice.Challenge shown = theOneRequestOn(caller);
        assertEquals(shown.id(), fcm.nextPushTo(PushPhones.fcmToken(caller.username())).data().get("challengeId"),
                "the phone was notified of the request through Firebase");
        assertEquals(CallCentreApp.CLIENT_NAME, shown.app());
        assertEquals(BINDING_MESSAGE, shown.bindingMessage(), "the phone shows what the agent reads to the caller");
        assertFalse(shown.numberRequired());
        assertNull(shown.warning());
        assertEquals(200, caller.phone().approve(shown, "").status());

        CallCentreApp.Outcome outcome = callCentre.pollUntilAnswered(request, APP_GIVES_UP).get();
        assertTrue(outcome.gotTokens(), "the app's last answer: " + outcome.error());
        assertEquals(new AppIdToken("pwd", List.of("swk", "user")),
                AppIdToken.of(realm, CallCentreApp.CLIENT_ID, outcome.idToken()));
        assertEquals(List.of(), caller.phone().pending(), "the request is gone from the phone");
    }

    @Test
    void aDenialOnThePhoneGivesTheCallCentreAccessDenied() throws Exception {
        PushPhones.PushUser caller = PushPhones.enrollThroughLogin(realm, loginUrl(), "denier");
        CallCentreApp.Request request = callCentre.ask(caller.username(), BINDING_MESSAGE);
        assertTrue(request.accepted(), request.toString());

        assertEquals(200, caller.phone().deny(theOneRequestOn(caller)).status());

        assertEquals(new CallCentreApp.Outcome(null, "access_denied"),
                callCentre.pollUntilAnswered(request, APP_GIVES_UP).get());
    }

    @Test
    void aRequestNobodyAnswersExpiresForTheAppAndThePhone() throws Exception {
        // within the phone's allowed clock skew of 120 s, which the server's shifted clock must stay in
        realm.updateWithCleanup(r -> r.attribute("cibaExpiresIn", "60"));
        PushPhones.PushUser caller = PushPhones.enrollThroughLogin(realm, loginUrl(), "away");
        CallCentreApp.Request request = callCentre.ask(caller.username(), BINDING_MESSAGE);
        PushDevice.Challenge shown = theOneRequestOn(caller);

        timeOffSet.set(Duration.ofSeconds(65));

        assertEquals(new CallCentreApp.Outcome(null, "expired_token"), callCentre.tokenRequest(request));
        assertEquals(List.of(), caller.phone().pending());
        assertEquals(410, caller.phone().approve(shown, "").status(), "a late answer is refused");
    }

    @Test
    void aCallerThePhoneCannotAskIsRefusedAtOnceSayingWhy() throws Exception {
        String withoutPhone = DemoRealm.createUser(realm, "nophone", DemoRealm.MOBILE);
        String engineer = DemoRealm.createUserWithAuthenticatorApp(realm, "engineer", DemoRealm.ENGINEERING);

        assertRefused(callCentre.ask(withoutPhone, BINDING_MESSAGE), "no phone");
        assertRefused(callCentre.ask(engineer, BINDING_MESSAGE), "policy does not allow push");
        CallCentreApp.Request unknown = callCentre.ask("nobody-" + System.nanoTime(), BINDING_MESSAGE);
        assertEquals(400, unknown.status(), "Keycloak's own answer for an unknown user: " + unknown);
    }

    @Test
    void aSecondRequestForTheSameCallerWaitsForTheFirst() throws Exception {
        PushPhones.PushUser caller = PushPhones.enrollThroughLogin(realm, loginUrl(), "busy");
        assertTrue(callCentre.ask(caller.username(), BINDING_MESSAGE).accepted());

        assertRefused(callCentre.ask(caller.username(), "ORDER-4712"), "waiting for the user's phone");
        assertEquals(BINDING_MESSAGE, theOneRequestOn(caller).bindingMessage());
    }

    @Test
    void aRequestWithoutABindingMessageCarriesTheWarningToThePhone() throws Exception {
        PushPhones.PushUser caller = PushPhones.enrollThroughLogin(realm, loginUrl(), "unbound");
        CallCentreApp.Request request = callCentre.ask(caller.username(), null);
        assertTrue(request.accepted(), request.toString());

        PushDevice.Challenge shown = theOneRequestOn(caller);
        assertNull(shown.bindingMessage());
        assertEquals("no_number_matching", shown.warning());
    }

    @Test
    void inPingModeKeycloakCallsTheCallCentreOnceTheCallerApproved() throws Exception {
        try (CallCentreNotifications notifications = new CallCentreNotifications()) {
            realm.updateClientWithCleanup(CallCentreApp.CLIENT_ID, c -> c
                    .attribute("ciba.backchannel.token.delivery.mode", "ping")
                    .attribute("ciba.backchannel.client.notification.endpoint", notifications.url()));
            PushPhones.PushUser caller = PushPhones.enrollThroughLogin(realm, loginUrl(), "pinged");
            CallCentreApp.Request request = callCentre.ask(caller.username(), BINDING_MESSAGE, "app-notify-1");
            assertTrue(request.accepted(), request.toString());

            caller.phone().approve(theOneRequestOn(caller), "");

            CIBAPingCallback callback = notifications.next();
            assertNotNull(callback, "Keycloak called the app's notification endpoint");
            assertEquals("app-notify-1", callback.getAccessToken().getValue());
            assertEquals(request.id(), callback.getAuthRequestID());
            assertTrue(callCentre.tokenRequest(request).gotTokens());
        }
    }

    private static PushDevice.Challenge theOneRequestOn(PushPhones.PushUser caller) throws Exception {
        List<PushDevice.Challenge> pending = caller.phone().pending();
        assertEquals(1, pending.size(), "the phone lists the request: " + pending);
        return pending.get(0);
    }

    private static void assertRefused(CallCentreApp.Request request, String why) {
        assertEquals(403, request.status(), request.toString());
        assertEquals("access_denied", request.error());
        assertTrue(request.errorDescription().contains(why), request.errorDescription());
    }
}
