package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.kcmfa.devicecli.DeviceCli;
import dev.kcmfa.devicecli.PushDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.events.EventType;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

/**
 * Push approval for the demo realm's /mobile group, with phones played by the reference device (device-cli) and
 * Firebase played by {@link FakeFcm} on loopback.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class PushTest extends PushBrowserTest {

    @InjectEvents
    Events events;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    LoginBrowser browser;

    @BeforeEach
    void openBrowser() {
        browser = new LoginBrowser(driver, oauth, realm);
    }

    @Test
    void aUserEnrollsAPhoneFromTheQrCodeThenApprovesTheNextLoginWithTheNumber() throws Exception {
        String username = DemoRealm.createUser(realm, "phone", DemoRealm.MOBILE);
        browser.logInWithPassword(username);
        assertTrue(browser.showsPushEnrollment(), browser.pageText());

        PushDevice phone = PushDevice.enroll(browser.scanPushEnrollmentQrCode(), "Work phone", "fcm-phone-1");
        browser.awaitPushOutcome();
        String code = oauth.parseLoginResponse().getCode();
        assertNotNull(code, "enrolling the phone passed the factor");
        List<CredentialRepresentation> credentials = realm.admin().users()
                .get(DemoRealm.userId(realm, username)).credentials();
        assertTrue(credentials.stream().anyMatch(c -> "mfa-push".equals(c.getType())
                && "Work phone".equals(c.getUserLabel())), "the phone is a credential admins see");
        AccountConsole account = new AccountConsole(realm, oauth.doAccessTokenRequest(code).getAccessToken());
        assertEquals(List.of("Work phone"), account.labels("mfa-push"), "and the user, under Signing in");
        assertEquals("Push approval",
                account.message(account.credentialType("mfa-push").path("displayName").asText()));

        browser.signOut();
        events.skipAll();
        browser.logInWithPassword(username);
        assertTrue(browser.showsPushNumber(), browser.pageText());
        FakeFcm.Push push = fcm.nextPushTo("fcm-phone-1");
        assertEquals(Map.of("challengeId", push.data().get("challengeId"), "realm", "mfa-demo"), push.data(),
                "the push carries the challenge id and nothing else");

        PushDevice.Challenge challenge = onlyPending(phone);
        assertEquals(push.data().get("challengeId"), challenge.id());
        assertEquals("test-app", challenge.app());
        assertEquals(200, phone.approve(challenge, browser.pushNumber()).status());
        browser.awaitPushOutcome();

        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals("push", LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_method"));
    }

    @Test
    void aPushStillReachesThePhoneAfterFirebaseRevokedTheAccessTokenTheServerHeld() throws Exception {
        String username = DemoRealm.createUser(realm, "revoked", DemoRealm.MOBILE);
        PushDevice phone = browser.enrollPhone(username, "Work phone", "fcm-revoked");
        browser.signOut();
        browser.logInWithPassword(username);
        fcm.nextPushTo("fcm-revoked"); // the server now holds an access token
        phone.approve(onlyPending(phone), browser.pushNumber());
        browser.awaitPushOutcome();
        browser.signOut();

        fcm.revokeAccessTokens();
        browser.logInWithPassword(username);

        assertTrue(browser.showsPushNumber(), browser.pageText());
        assertFalse(browser.pageText().contains("could not notify"), browser.pageText());
        assertEquals("fcm-revoked", fcm.nextPushTo("fcm-revoked").registrationToken(),
                "a 401 gets a new access token and one more try");
    }

    @Test
    void aUserRemovesTheirPhoneInTheAccountConsoleAndEnrollsAgainAtTheNextLogin() throws Exception {
        enrolledPhone("removes");
        browser.logInWithPassword(lastUser);
        String number = browser.pushNumber();
        PushDevice.Challenge challenge = onlyPending(lastPhone);
        lastPhone.approve(challenge, number);
        browser.awaitPushOutcome();
        AccountConsole account = new AccountConsole(realm,
                oauth.doAccessTokenRequest(oauth.parseLoginResponse().getCode()).getAccessToken());
        assertTrue(account.credentialType("mfa-push").path("removeable").asBoolean());

        assertEquals(204, account.remove(lastPhone.credentialId()));

        assertTrue(account.labels("mfa-push").isEmpty());
        IOException refused = assertThrows(IOException.class, lastPhone::pending);
        assertTrue(refused.getMessage().startsWith("listing refused: 403"), "a removed phone is a stranger: " + refused);
        browser.signOut();
        browser.logInWithPassword(lastUser);
        assertTrue(browser.showsPushEnrollment(), "no phone left: set one up again");
    }

    @Test
    void theCommandLineDeviceEnrollsListsAndApprovesAsDocumented(@TempDir Path dir) throws Exception {
        String username = DemoRealm.createUser(realm, "cli", DemoRealm.MOBILE);
        String state = dir.resolve("device.json").toString();
        browser.logInWithPassword(username);

        assertEquals(0, cli("enroll", browser.scanPushEnrollmentQrCode(), "--label", "Laptop", "--store", state));
        browser.awaitPushOutcome();
        assertNotNull(oauth.parseLoginResponse().getCode());
        browser.signOut();
        browser.logInWithPassword(username);
        String listing = cliOutput("pending", "--store", state);
        String challengeId = listing.split("\\s+")[0];
        assertTrue(listing.contains("test-app"), listing);

        assertEquals(0, cli("approve", challengeId, browser.pushNumber(), "--store", state));
        browser.awaitPushOutcome();
        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals(1, cli("approve", challengeId, "42", "--store", state), "nothing left to approve");
    }

    private static int cli(String... args) {
        return DeviceCli.run(args, new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(OutputStream.nullOutputStream()));
    }

    private static String cliOutput(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, DeviceCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(OutputStream.nullOutputStream())));
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    @Test
    void theWrongNumberDeniesTheLoginAndCountsAsAFailure() throws Exception {
        PushDevice phone = enrolledPhone("wrongnum");
        String username = lastUser;
        browser.logInWithPassword(username);
        PushDevice.Challenge challenge = onlyPending(phone);
        String wrong = browser.pushNumber().equals("10") ? "11" : "10";
        events.skipAll();

        PushDevice.Reply reply = phone.approve(challenge, wrong);
        browser.awaitPushOutcome();

        assertEquals(400, reply.status());
        assertEquals("invalid_request", reply.field("error"));
        assertTrue(browser.showsPasswordForm(), driver.getCurrentUrl() + " " + browser.pageText());
        assertTrue(browser.pageText().contains("The sign-in was denied on your phone."), browser.pageText());
        assertEquals("push_wrong_number", LoginEvents.next(events, EventType.LOGIN_ERROR).getError());
        assertEquals(1, failures(username));
    }

    @Test
    void denyingOrReportingFraudEndsTheLoginWithAnEvent() throws Exception {
        PushDevice phone = enrolledPhone("denier");
        browser.logInWithPassword(lastUser);
        events.skipAll();
        assertEquals("denied", phone.deny(onlyPending(phone)).field("status"));
        browser.awaitPushOutcome();
        assertTrue(browser.pageText().contains("The sign-in was denied on your phone."), browser.pageText());
        assertEquals("push_denied", LoginEvents.next(events, EventType.LOGIN_ERROR).getError());

        browser.logInWithPassword(lastUser);
        assertEquals("fraud", phone.reportFraud(onlyPending(phone)).field("status"));
        browser.awaitPushOutcome();
        assertTrue(browser.showsPasswordForm(), driver.getCurrentUrl() + " " + browser.pageText());
        assertEquals("push_fraud_reported", LoginEvents.next(events, EventType.LOGIN_ERROR).getError());
        assertEquals(2, failures(lastUser), "denials and fraud reports count for brute-force protection");
    }

    @Test
    void aReplayedApprovalIsRefused() throws Exception {
        PushDevice phone = enrolledPhone("replay");
        browser.logInWithPassword(lastUser);
        PushDevice.Challenge challenge = onlyPending(phone);
        HttpRequest approval = phone.signedAnswer(challenge.id(), challenge.nonce(), "approve", browser.pushNumber());

        assertEquals(200, phone.send(approval).status());
        PushDevice.Reply replay = phone.send(approval);

        // the waiting page is woken by the approval and may finish the login before the replay arrives
        assertTrue(replay.status() == 409 && "already_answered".equals(replay.field("error"))
                || replay.status() == 404 && "unknown_challenge".equals(replay.field("error")),
                () -> "the replay must be refused, got " + replay.status() + " " + replay.field("error"));
        browser.awaitPushOutcome();
        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals(404, phone.send(approval).status(), "after the login, the challenge is gone");
    }

    @Test
    void aSignatureFromAnotherDeviceIsRefusedAndTheRealPhoneStillWorks() throws Exception {
        PushDevice phone = enrolledPhone("forged");
        browser.logInWithPassword(lastUser);
        PushDevice.Challenge challenge = onlyPending(phone);

        PushDevice.Reply forged = phone.withForeignKey().approve(challenge, browser.pushNumber());

        assertEquals(403, forged.status());
        assertEquals("invalid_signature", forged.field("error"));
        assertEquals(200, phone.approve(challenge, browser.pushNumber()).status());
        browser.awaitPushOutcome();
        assertNotNull(oauth.parseLoginResponse().getCode());
    }

    @Test
    void anExpiredChallengeCannotBeApprovedAndTheLoginStartsOver() throws Exception {
        PushDevice phone = enrolledPhone("late");
        browser.logInWithPassword(lastUser);
        PushDevice.Challenge challenge = onlyPending(phone);
        String number = browser.pushNumber();

        timeOffSet.set(Duration.ofSeconds(95));
        PushDevice.Reply late = phone.approve(challenge, number);
        browser.awaitPushOutcome();

        // 410 if the phone is first, 404 if the waiting browser already ended the expired challenge
        assertTrue(Set.of(404, 410).contains(late.status()), "refused: " + late);
        assertTrue(browser.showsPasswordForm(), driver.getCurrentUrl() + " " + browser.pageText());
        assertTrue(browser.pageText().contains("The sign-in request expired"), browser.pageText());
    }

    @Test
    void aPhoneCannotAnswerAnotherUsersChallenge() throws Exception {
        PushDevice mallory = enrolledPhone("mallory");
        PushDevice victimPhone = enrolledPhone("victim");
        browser.logInWithPassword(lastUser);
        PushDevice.Challenge challenge = onlyPending(victimPhone);
        String number = browser.pushNumber();

        PushDevice.Reply answer = mallory.approve(challenge, number);

        assertEquals(403, answer.status());
        assertEquals("not_your_challenge", answer.field("error"));
        assertTrue(mallory.pending().isEmpty(), "nor see it");
        assertEquals(200, victimPhone.approve(challenge, number).status());
    }

    @Test
    void anAdminCanAskAUserToSetUpAPhoneWithTheRequiredAction() throws Exception {
        String username = DemoRealm.createUser(realm, "asked", DemoRealm.GUESTS);
        String userId = DemoRealm.askToSetUpAPhone(realm, username);

        browser.logInWithPassword(username);
        assertTrue(browser.showsPushEnrollment(), "MFA is optional for guests, the admin's request is not: "
                + browser.pageText());
        PushDevice.enroll(browser.scanPushEnrollmentQrCode(), "Asked phone", "");
        browser.awaitPushOutcome();

        assertNotNull(oauth.parseLoginResponse().getCode());
        assertTrue(realm.admin().users().get(userId).credentials().stream()
                .anyMatch(c -> "mfa-push".equals(c.getType())));
        assertTrue(realm.admin().users().get(userId).toRepresentation().getRequiredActions().isEmpty());

        browser.signOut();
        browser.logInWithPassword(username);
        assertTrue(browser.showsPushNumber(), "MFA is optional for guests who enrolled nothing; this one has a phone: "
                + browser.pageText());
    }

    @Test
    void whenThePushCannotBeDeliveredTheUserSignsInWithTheirAuthenticatorAppInstead() throws Exception {
        // a user of /mobile (push, then TOTP) with an authenticator app, who then sets up a phone as asked
        String username = DemoRealm.createUserWithAuthenticatorApp(realm, "both", DemoRealm.MOBILE);
        AuthenticatorApp app = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32);
        DemoRealm.askToSetUpAPhone(realm, username);
        browser.logInWithPassword(username);
        browser.enterTotp(app.currentCode());
        PushDevice phone = PushDevice.enroll(browser.scanPushEnrollmentQrCode(), "Old phone", "fcm-gone");
        browser.awaitPushOutcome();
        browser.signOut();
        fcm.unregister("fcm-gone"); // the app was removed: Firebase no longer knows the phone

        events.skipAll();
        browser.logInWithPassword(username);
        assertTrue(browser.showsTotpCodeForm(), "the app passed last: it comes first: " + browser.pageText());
        MethodChooser chooser = new MethodChooser(driver);
        chooser.tryAnotherWay();
        chooser.choose("push");
        assertTrue(browser.showsPushNumber(), browser.pageText());
        assertTrue(browser.pageText().contains("We could not notify your phone"), browser.pageText());
        browser.useAnotherMethod();

        assertTrue(browser.showsTotpCodeForm(), browser.pageText());
        assertTrue(phone.pending().isEmpty(), "the request is withdrawn from the phone");
        browser.enterTotp(app.nextCode());
        assertNotNull(oauth.parseLoginResponse().getCode());
        var login = LoginEvents.next(events, EventType.LOGIN);
        assertEquals("totp", login.getDetails().get("mfa_method"));
        assertEquals("push", login.getDetails().get("mfa_fallback_from"));

        browser.signOut();
        browser.logInWithPassword(username);
        chooser.tryAnotherWay();
        assertEquals(List.of("totp", "push"), chooser.offered(),
                "passing over the phone lasted one login: the next offers it again, after the app that passed last");
    }

    @Test
    void aUserWithNoOtherMethodIsNotOfferedOneAndCannotForceOne() throws Exception {
        enrolledPhone("only");
        fcm.unregister("fcm-only");

        browser.logInWithPassword(lastUser);
        assertTrue(browser.pageText().contains("We could not notify your phone"), browser.pageText());
        assertFalse(browser.offersAnotherMethod(), "no other method to offer");
        browser.forceAnotherMethod();

        assertTrue(browser.showsPushNumber(), "still the phone, never a new factor: " + browser.pageText());
        assertFalse(browser.showsTotpEnrollment());
        PushDevice.Challenge challenge = onlyPending(lastPhone);
        assertEquals(200, lastPhone.approve(challenge, browser.pushNumber()).status());
        browser.awaitPushOutcome();
        assertNotNull(oauth.parseLoginResponse().getCode(), "the app still reaches the request by itself");
    }

    @Test
    void aPasswordGrantWaitsForThePhoneAndGetsTokensOnceItApproves() throws Exception {
        PushDevice phone = enrolledPhone("tool");
        CompletableFuture<HttpResponse<String>> grant = PasswordGrant.start(realm, PasswordGrant.TEST_APP, lastUser,
                Map.of("push_number", "37"));

        PushDevice.Challenge challenge = PasswordGrant.awaitPending(phone, grant);
        assertTrue(challenge.numberRequired(), "the phone asks for the number the tool shows");
        assertEquals(200, phone.approve(challenge, "37").status());

        HttpResponse<String> response = grant.get(20, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"access_token\""));
    }

    @Test
    void aPasswordGrantDeniedOnThePhoneGetsNoTokens() throws Exception {
        PushDevice phone = enrolledPhone("toolno");
        CompletableFuture<HttpResponse<String>> grant = PasswordGrant.start(realm, PasswordGrant.TEST_APP, lastUser,
                Map.of("push_number", "52"));

        phone.deny(PasswordGrant.awaitPending(phone, grant));

        HttpResponse<String> response = grant.get(20, TimeUnit.SECONDS);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("invalid_grant"), response.body());
        assertFalse(response.body().contains("access_token"));
    }

    private String lastUser;
    private PushDevice lastPhone;

    /** A user of /mobile with a phone enrolled through the login, signed out again. */
    private PushDevice enrolledPhone(String prefix) throws Exception {
        lastUser = DemoRealm.createUser(realm, prefix, DemoRealm.MOBILE);
        lastPhone = browser.enrollPhone(lastUser, prefix + " phone", "fcm-" + prefix);
        browser.signOut();
        return lastPhone;
    }

    private static PushDevice.Challenge onlyPending(PushDevice phone) throws Exception {
        List<PushDevice.Challenge> pending = phone.pending();
        assertEquals(1, pending.size(), "one pending challenge: " + pending);
        return pending.get(0);
    }

    private int failures(String username) {
        return ((Number) realm.admin().attackDetection().bruteForceUserStatus(DemoRealm.userId(realm, username))
                .get("numFailures")).intValue();
    }
}
