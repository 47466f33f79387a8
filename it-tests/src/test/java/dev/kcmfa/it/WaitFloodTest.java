package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * Waits hold no request thread (issue #14): while hundreds of signed-in browsers wait for their phones, from many
 * client addresses, and hundreds more ask after requests that do not exist, a sign-in with password and
 * authenticator app completes, the login page answers, and every waiter gets its answer, none a server error.
 * Before, 60 waits held every request thread and stalled every page.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class WaitFloodTest extends PushBrowserTest {

    private static final int BROWSERS = 200;
    private static final int STRANGERS = 200;
    /** How many waits one client address may hold on a node (docs/push.md): the browsers use that many each. */
    private static final int WAITS_PER_ADDRESS = 4;
    /** A generous bound for a page while the flood is open; it answers in a fraction of that. */
    private static final long BOUND_MILLIS = 10_000;
    private static final Pattern TOTP_FORM = Pattern.compile("id=\"mfa-totp-form\"[^>]*action=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A signed-in browser on the push page: its cookies, and the status its page waits on. */
    private record PushPage(String cookies, PushStatusUrl statusUrl) {
    }

    @Test
    void whileFourHundredWaitsAreOpenASignInWithAnAppCompletesAndEveryWaiterIsAnswered() throws Exception {
        // the longest request lifetime, so no request of the first browsers expires while the last ones sign in
        configurePushSteps(Map.of("challengeSeconds", "120"));
        List<PushPage> pages = browsersOnThePushPage();
        String engineer = DemoRealm.createUserWithAuthenticatorApp(realm, "flooded", DemoRealm.ENGINEERING);
        ExecutorService threads = Executors.newFixedThreadPool(BROWSERS);
        try {
            List<CompletableFuture<LoopbackClient.Reply>> browsers = new ArrayList<>();
            for (int i = 0; i < pages.size(); i++) {
                browsers.add(waitOn(pages.get(i), "127.0.4." + (1 + i / WAITS_PER_ADDRESS), threads));
            }
            List<CompletableFuture<HttpResponse<String>>> strangers = waitsOnUnknownIds();

            long signInMillis = millis(() -> assertTrue(signsInWithTheApp(engineer), "the sign-in completes"));
            long pageMillis = millis(() -> assertEquals(200, get(oauth.loginForm().build()).statusCode()));
            long stillWaiting = browsers.stream().filter(b -> !b.isDone()).count();

            System.out.printf("%nWith %d browsers waiting for phones and %d waits on unknown ids: sign-in with "
                    + "password and app %d ms, login page %d ms%n%n", BROWSERS, STRANGERS, signInMillis, pageMillis);
            assertTrue(signInMillis < BOUND_MILLIS, "sign-in took " + signInMillis + " ms");
            assertTrue(pageMillis < BOUND_MILLIS, "login page took " + pageMillis + " ms");
            assertEquals(BROWSERS, stillWaiting, "every browser still waited meanwhile");
            for (CompletableFuture<HttpResponse<String>> stranger : strangers) {
                HttpResponse<String> answer = stranger.get(30, TimeUnit.SECONDS);
                assertEquals(404, answer.statusCode(), answer.body());
            }
            for (CompletableFuture<LoopbackClient.Reply> browser : browsers) {
                LoopbackClient.Reply answer = browser.get(answeredWithin(pages.get(0)).toSeconds(), TimeUnit.SECONDS);
                assertEquals(200, answer.status(), answer.body());
                assertTrue(answer.body().contains("\"pending\""), answer.body());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Users of /mobile with a phone on file, each signed in with their password: the page now waits for the phone. */
    private List<PushPage> browsersOnThePushPage() throws Exception {
        String publicKey = DemoRealm.newPhoneKey();
        ExecutorService signingIn = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<PushPage>> pages = new ArrayList<>();
            for (int i = 0; i < BROWSERS; i++) {
                pages.add(CompletableFuture.supplyAsync(() -> pushPage(
                        DemoRealm.createUserWithPhone(realm, "flood", publicKey, DemoRealm.MOBILE)), signingIn));
            }
            List<PushPage> signedIn = new ArrayList<>();
            for (CompletableFuture<PushPage> page : pages) {
                signedIn.add(page.get(5, TimeUnit.MINUTES));
            }
            return signedIn;
        } finally {
            signingIn.shutdownNow();
        }
    }

    private PushPage pushPage(String username) {
        try {
            RawHttpLogin login = new RawHttpLogin();
            String page = login.logInWithPassword(oauth.loginForm().build(), username, Map.of()).body();
            return new PushPage(login.cookieHeader(), PushStatusUrl.of(page));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the page's script does, from the browser's own address: waits on its request, as long as it may. */
    private static CompletableFuture<LoopbackClient.Reply> waitOn(PushPage page, String address,
            ExecutorService threads) {
        LoopbackClient browser = new LoopbackClient(address);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return browser.get(page.statusUrl().longPoll(), page.cookies(), answeredWithin(page));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, threads);
    }

    private List<CompletableFuture<HttpResponse<String>>> waitsOnUnknownIds() {
        String base = realm.getBaseUrl() + "/mfa-push/";
        List<CompletableFuture<HttpResponse<String>>> waits = new ArrayList<>();
        for (int i = 0; i < STRANGERS; i++) {
            String kind = i % 2 == 0 ? "enrollments/" : "challenges/";
            waits.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + kind + UUID.randomUUID()
                    + "/status?wait=25")).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        return waits;
    }

    private boolean signsInWithTheApp(String username) throws Exception {
        RawHttpLogin login = new RawHttpLogin();
        HttpResponse<String> codePage = login.logInWithPassword(oauth.loginForm().build(), username, Map.of());
        assertTrue(RawHttpLogin.asksForTotp(codePage), codePage.body());
        String code = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32).currentCode();
        // as a browser posts the page's form: with its hidden field
        return RawHttpLogin.loggedIn(login.postForm(find(TOTP_FORM, codePage.body()),
                "otp=" + code + "&rememberDeviceOffered=on"));
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A waiter's answer comes at the end of the wait its page asks for, well within this. */
    private static Duration answeredWithin(PushPage page) {
        return Duration.ofSeconds(page.statusUrl().waitSeconds() + 15);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static long millis(Step step) throws Exception {
        long started = System.nanoTime();
        step.run();
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static String find(Pattern pattern, String page) {
        Matcher matcher = pattern.matcher(page);
        if (!matcher.find()) {
            throw new AssertionError("not found: " + pattern + " in " + page);
        }
        return matcher.group(1).replace("&amp;", "&");
    }
}
