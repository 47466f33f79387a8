package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kcmfa.devicecli.DeviceCli;
import dev.kcmfa.devicecli.PushDevice;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * The holes of push approval an outside review found (issue #12), pinned over plain HTTP: a stale enrollment QR code
 * of another browser, pushes through the password grant that no one could match by number, and long-polls that held
 * request threads for anyone who asked.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class PushSecurityTest extends PushBrowserTest {

    private static final Pattern ENROLL_URL = Pattern.compile("id=\"mfa-push-enroll-url\"[^>]*>([^<]+)<");
    private static final Pattern NUMBER = Pattern.compile("id=\"mfa-push-number\"[^>]*>\\s*(\\d+)\\s*<");
    /** How many waits one client address may hold on a node (docs/push.md). */
    /** A login's page open in a few tabs: more waits on one sign-in request are refused. */
    private static final int WAITS_PER_LOGIN = 2;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    // finding 2: a stale enrollment token

    @Test
    void aQrCodeShownToAnotherBrowserCannotAddASecondPhoneOnceTheUserHasEnrolledOne() throws Exception {
        String username = DemoRealm.createUser(realm, "twice", DemoRealm.MOBILE);
        RawHttpLogin user = new RawHttpLogin();
        RawHttpLogin attacker = new RawHttpLogin(); // with the password, during onboarding
        String userPage = user.logInWithPassword(loginUrl(), username, Map.of()).body();
        String attackerPage = attacker.logInWithPassword(loginUrl(), username, Map.of()).body();

        PushDevice.enroll(find(ENROLL_URL, userPage), "User's phone", "");
        IOException refused = assertThrows(IOException.class,
                () -> PushDevice.enroll(find(ENROLL_URL, attackerPage), "Attacker's phone", ""));

        assertTrue(refused.getMessage().startsWith("enrollment refused: 403"), refused.getMessage());
        assertTrue(refused.getMessage().contains("second_factor_required"), refused.getMessage());
        assertEquals(1, phones(username), "one phone: the user's");
        assertTrue(status(attacker, attackerPage).contains("\"ended\""), "the other page stops waiting");
        HttpResponse<String> attackerContinues = attacker.postForm(formAction("mfa-push-enroll-form", attackerPage),
                "continue=");
        assertFalse(RawHttpLogin.loggedIn(attackerContinues), "that login does not finish as enrolled");
        assertTrue(attackerContinues.body().contains("id=\"kc-form-login\"")
                && attackerContinues.body().contains("this QR code no longer works"), attackerContinues.body());
        assertTrue(status(user, userPage).contains("\"enrolled\""));
        assertTrue(RawHttpLogin.loggedIn(user.postForm(formAction("mfa-push-enroll-form", userPage), "continue=")));
    }

    @Test
    void enrollingAPhoneEndsEveryOtherQrCodeShownToTheUserMeanwhile() throws Exception {
        // a user who passes their authenticator app and is asked to set up a phone, in two browsers
        String username = DemoRealm.createUserWithAuthenticatorApp(realm, "rounds", DemoRealm.MOBILE);
        DemoRealm.askToSetUpAPhone(realm, username);
        AuthenticatorApp app = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32);
        String firstCode = app.currentCode();
        String secondCode = app.nextCode();
        RawHttpLogin first = new RawHttpLogin();
        RawHttpLogin second = new RawHttpLogin();
        String firstPage = passAuthenticatorApp(first, username, firstCode);
        String secondPage = passAuthenticatorApp(second, username, secondCode);

        PushDevice.enroll(find(ENROLL_URL, firstPage), "First phone", "");
        IOException refused = assertThrows(IOException.class,
                () -> PushDevice.enroll(find(ENROLL_URL, secondPage), "Second phone", ""));

        assertTrue(refused.getMessage().startsWith("enrollment refused: 409"), refused.getMessage());
        assertTrue(refused.getMessage().contains("enrollment_superseded"), refused.getMessage());
        assertEquals(1, phones(username));
        assertFalse(RawHttpLogin.loggedIn(second.postForm(formAction("mfa-push-enroll-form", secondPage),
                "continue=")), "the second login does not finish as enrolled");
        assertTrue(RawHttpLogin.loggedIn(first.postForm(formAction("mfa-push-enroll-form", firstPage),
                "continue=")));
    }

    // finding 6: number matching through the password grant

    @Test
    void aPasswordGrantWithoutTheToolsNumberIsRefusedAndNothingIsPushed() throws Exception {
        PushDevice phone = enrolledPhone("nonumber");

        HttpResponse<String> without = passwordGrant(lastUser, null).get(20, TimeUnit.SECONDS);
        HttpResponse<String> malformed = passwordGrant(lastUser, "123").get(20, TimeUnit.SECONDS);

        PasswordGrant.assertRefused(without, "This account requires approval on its phone: send "
                + "push_number=<2 digits>, chosen at random and shown to the user, who types them on the phone to "
                + "approve the sign-in.");
        PasswordGrant.assertRefused(malformed, "push_number must be two digits, 00 to 99, chosen at random and "
                + "shown to the user, who types them on the phone to approve the sign-in.");
        assertTrue(phone.pending().isEmpty(), "no request reached the phone");
        assertFalse(fcm.hasPushFor(PushPhones.fcmToken(lastUser)), "nothing was pushed");
    }

    @Test
    void thePhoneAsksForTheNumberTheToolShowsAndOnlyThatNumberGetsTokens(@TempDir Path dir) throws Exception {
        for (String wrong : List.of("48", "")) {
            PushDevice phone = enrolledPhone("wrongnum");
            CompletableFuture<HttpResponse<String>> grant = passwordGrant(lastUser, "47");
            PushDevice.Challenge challenge = PasswordGrant.awaitPending(phone, grant);
            assertTrue(challenge.numberRequired(), "the phone asks for the number");
            assertNull(challenge.warning());

            assertEquals(400, phone.approve(challenge, wrong).status(), "approving with '" + wrong + "'");

            HttpResponse<String> denied = grant.get(20, TimeUnit.SECONDS);
            assertEquals(400, denied.statusCode(), denied.body());
            assertFalse(denied.body().contains("access_token"));
            assertEquals(1, failures(lastUser), "counted as a failure");
        }

        String state = dir.resolve("phone.json").toString();
        enrolledPhone("rightnum").save(Path.of(state));
        CompletableFuture<HttpResponse<String>> grant = passwordGrant(lastUser, "47");
        String challengeId = PasswordGrant.awaitPending(lastPhone, grant).id();
        assertTrue(cliOutput(0, "pending", "--store", state).contains("type the number shown where you signed in"));
        assertEquals(2, cli("approve", challengeId, "--store", state), "the reference phone asks for the number");
        assertEquals(0, cli("approve", challengeId, "47", "--store", state));

        HttpResponse<String> tokens = grant.get(20, TimeUnit.SECONDS);
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertTrue(tokens.body().contains("\"access_token\""));
    }

    @Test
    void anAdminMayAllowPushesWithoutNumberMatchingAndThePhoneThenWarns(@TempDir Path dir) throws Exception {
        configurePushSteps(Map.of("allowPushWithoutNumberMatching", "true"));
        String state = dir.resolve("phone.json").toString();
        enrolledPhone("unmatched").save(Path.of(state));

        CompletableFuture<HttpResponse<String>> grant = passwordGrant(lastUser, null);
        PushDevice.Challenge challenge = PasswordGrant.awaitPending(lastPhone, grant);

        assertFalse(challenge.numberRequired());
        assertEquals("no_number_matching", challenge.warning());
        assertTrue(cliOutput(0, "pending", "--store", state).contains("WARNING: this request has no number"));
        assertEquals(0, cli("approve", challenge.id(), "--store", state));
        HttpResponse<String> tokens = grant.get(20, TimeUnit.SECONDS);
        assertEquals(200, tokens.statusCode(), tokens.body());
    }

    // finding 7: long-polls

    @Test
    void sixtyUnauthenticatedWaitsOnUnknownIdsAnswerAtOnceAndLoginPagesStayFast() throws Exception {
        String base = realm.getBaseUrl() + "/mfa-push/";
        List<CompletableFuture<HttpResponse<String>>> waits = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 60; i++) {
            String kind = i % 2 == 0 ? "enrollments/" : "challenges/";
            waits.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + kind + UUID.randomUUID()
                            + "/status?wait=25")).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        long pageStarted = System.nanoTime();
        HttpResponse<String> loginPage = http.send(HttpRequest.newBuilder(URI.create(loginUrl()))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        long pageMillis = (System.nanoTime() - pageStarted) / 1_000_000;

        for (CompletableFuture<HttpResponse<String>> wait : waits) {
            HttpResponse<String> answer = wait.get(10, TimeUnit.SECONDS);
            assertEquals(404, answer.statusCode(), answer.body());
        }
        long allMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(allMillis < 5000, "60 waits on unknown ids answered within " + allMillis + " ms");
        assertEquals(200, loginPage.statusCode());
        assertTrue(pageMillis < 3000, "the login page answered within " + pageMillis + " ms");
    }

    @Test
    void onlyTheBrowserOfTheLoginMayWaitOnItsRequestAndItsWaitEndsWithTheAnswer() throws Exception {
        PushDevice phone = enrolledPhone("own");
        RawHttpLogin owner = new RawHttpLogin();
        String page = owner.logInWithPassword(loginUrl(), lastUser, Map.of()).body();
        String statusUrl = PushStatusUrl.of(page).longPoll();
        RawHttpLogin stranger = new RawHttpLogin();
        stranger.get(loginUrl()); // a login of its own, with its own cookies

        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(statusUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "no cookies: 404 at once");
        assertEquals(404, stranger.get(statusUrl).statusCode(), "another browser: 404 at once");

        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> get(owner, statusUrl));
        Thread.sleep(500);
        assertFalse(waiting.isDone(), "the login's own browser waits");
        assertEquals(200, phone.approve(phone.pending().get(0), find(NUMBER, page)).status());
        HttpResponse<String> answered = waiting.get(5, TimeUnit.SECONDS);
        assertTrue(answered.body().contains("\"approved\""), answered.body());
        assertTrue(RawHttpLogin.loggedIn(owner.postForm(formAction("mfa-push-form", page), "check=")));
    }

    @Test
    void oneLoginHoldsOnlyAFewWaitsAndIsToldAtOnceBeyondThem() throws Exception {
        enrolledPhone("many");
        RawHttpLogin owner = new RawHttpLogin();
        String page = owner.logInWithPassword(loginUrl(), lastUser, Map.of()).body();
        String statusUrl = PushStatusUrl.of(page).waiting(3);
        LoopbackClient client = new LoopbackClient("127.0.0.7"); // an address no other test waits from
        ExecutorService threads = Executors.newFixedThreadPool(WAITS_PER_LOGIN + 4);
        try {
            List<CompletableFuture<long[]>> waits = new ArrayList<>();
            for (int i = 0; i < WAITS_PER_LOGIN + 4; i++) {
                waits.add(CompletableFuture.supplyAsync(() -> timedGet(client, statusUrl, owner.cookieHeader()),
                        threads));
            }
            int held = 0;
            int refusedAtOnce = 0;
            for (CompletableFuture<long[]> wait : waits) {
                long[] statusAndMillis = wait.get(20, TimeUnit.SECONDS);
                held += statusAndMillis[0] == 200 && statusAndMillis[1] >= 2500 ? 1 : 0;
                refusedAtOnce += statusAndMillis[0] == 429 && statusAndMillis[1] < 2000 ? 1 : 0;
            }
            assertEquals(WAITS_PER_LOGIN, held, "waited the 3 s asked");
            assertEquals(4, refusedAtOnce, "429 at once beyond the cap");
        } finally {
            threads.shutdownNow();
        }
    }

    private long[] timedGet(LoopbackClient client, String url, String cookies) {
        long started = System.nanoTime();
        try {
            int status = client.get(url, cookies, Duration.ofSeconds(15)).status();
            return new long[] {status, (System.nanoTime() - started) / 1_000_000};
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> get(RawHttpLogin browser, String url) {
        try {
            return browser.get(url);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String lastUser;
    private PushDevice lastPhone;

    /** A user of /mobile with a phone enrolled through the login (which then finishes). */
    private PushDevice enrolledPhone(String prefix) throws Exception {
        PushPhones.PushUser user = PushPhones.enrollThroughLogin(realm, loginUrl(), prefix);
        lastUser = user.username();
        lastPhone = user.phone();
        return lastPhone;
    }

    /** Password, then a code from the authenticator app: the page that follows. */
    private String passAuthenticatorApp(RawHttpLogin login, String username, String code) throws Exception {
        String codePage = login.logInWithPassword(loginUrl(), username, Map.of()).body();
        // as a browser posts the page's form: with its hidden field
        HttpResponse<String> next = login.postForm(formAction("mfa-totp-form", codePage),
                "otp=" + code + "&rememberDeviceOffered=on");
        // Keycloak sends the browser on to the required action
        return next.statusCode() == 302 ? login.get(next.headers().firstValue("Location").orElseThrow()).body()
                : next.body();
    }

    /** What the page's script asks, with the browser's cookies: the status now. */
    private static String status(RawHttpLogin browser, String page) throws Exception {
        return browser.get(PushStatusUrl.of(page).waiting(0)).body();
    }

    /** The password grant of the demo's public command-line client, as docs/push.md shows it with curl. */
    private CompletableFuture<HttpResponse<String>> passwordGrant(String username, String pushNumber) {
        return PasswordGrant.start(realm, PasswordGrant.DEMO_CLI, username,
                pushNumber == null ? Map.of() : Map.of("push_number", pushNumber));
    }

    private String loginUrl() {
        return oauth.loginForm().build();
    }

    private long phones(String username) {
        return realm.admin().users().get(DemoRealm.userId(realm, username)).credentials().stream()
                .filter(c -> "mfa-push".equals(c.getType())).count();
    }

    private int failures(String username) {
        return ((Number) realm.admin().attackDetection().bruteForceUserStatus(DemoRealm.userId(realm, username))
                .get("numFailures")).intValue();
    }

    private static int cli(String... args) {
        return DeviceCli.run(args, new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(OutputStream.nullOutputStream()));
    }

    private static String cliOutput(int exitCode, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(exitCode, DeviceCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(OutputStream.nullOutputStream())));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String formAction(String formId, String page) {
        return find(Pattern.compile("id=\"" + formId + "\"[^>]*action=\"([^\"]+)\""), page).replace("&amp;", "&");
    }

    private static String find(Pattern pattern, String page) {
        Matcher matcher = pattern.matcher(page);
        if (!matcher.find()) {
            throw new AssertionError("not found: " + pattern + " in " + page);
        }
        return matcher.group(1);
    }
}
