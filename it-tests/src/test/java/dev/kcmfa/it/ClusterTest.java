package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.kcmfa.devicecli.PushDevice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UserResource;

/**
 * Two Keycloak nodes on loopback sharing one PostgreSQL (Debian's), clustered by Keycloak's embedded Infinispan: the
 * second factor of a login started on node A is answered on node B. No login state may live in one node's memory.
 */
class ClusterTest {

    private static final int SMTP_PORT = 3026;

    private static TwoNodeCluster cluster;
    private static KeycloakNode nodeA;
    private static KeycloakNode nodeB;
    private static GreenMail mail;

    @BeforeAll
    static void startTheCluster() throws Exception {
        cluster = TwoNodeCluster.start();
        nodeA = cluster.nodeA();
        nodeB = cluster.nodeB();
        mail = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        nodeA.pointRealmSmtpAt("mfa-demo", SMTP_PORT); // 3025 may be the test framework's
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (mail != null) {
            mail.stop();
        }
    }

    /**
     * Nothing polls the store: a page waiting on node A (the script's long-poll, up to 55 s) returns early only because
     * the phone's answer on node B was announced to every node.
     */
    @Test
    void aPushApprovedThroughNodeBWakesTheLoginWaitingOnNodeA() throws Exception {
        RawHttpLogin enrolling = new RawHttpLogin();
        String page = enrolling.logInWithPassword(loginUrl(nodeA), "frank", Map.of()).body();
        String enrollUrl = find("id=\"mfa-push-enroll-url\"[^>]*>([^<]+)<", page).replace(nodeA.url(), nodeB.url());
        CompletableFuture<HttpResponse<String>> enrollmentWait = openWait(enrolling, page);
        PushDevice phone = PushDevice.enroll(enrollUrl.replace("&amp;", "&"), "cluster phone", "");
        assertTrue(answeredSoon(enrollmentWait).contains("\"enrolled\""), "node A's wait woken by the enrollment");
        assertTrue(RawHttpLogin.loggedIn(enrolling.postForm(formAction("mfa-push-enroll-form", page), "continue=")),
                "enrolled through B, the login on A carries on");

        RawHttpLogin login = new RawHttpLogin();
        String pushPage = login.logInWithPassword(loginUrl(nodeA), "frank", Map.of()).body();
        CompletableFuture<HttpResponse<String>> approvalWait = openWait(login, pushPage);
        PushDevice.Challenge challenge = phone.pending().get(0);
        assertEquals(200, phone.approve(challenge, find("id=\"mfa-push-number\"[^>]*>\\s*(\\d+)", pushPage)).status());

        assertTrue(answeredSoon(approvalWait).contains("\"approved\""), "node A's wait woken by the approval");
        assertTrue(RawHttpLogin.loggedIn(login.postForm(formAction("mfa-push-form", pushPage), "check=")));
    }

    /**
     * What the page's script asks on node A, with its browser's cookies: the status, waiting as long as the page asks; open (not
     * answered) half a second later, so the answer cannot reach it before it waits.
     */
    private static CompletableFuture<HttpResponse<String>> openWait(RawHttpLogin browser, String page)
            throws InterruptedException {
        String statusUrl = PushStatusUrl.of(page).longPoll();
        CompletableFuture<HttpResponse<String>> wait = CompletableFuture.supplyAsync(() -> {
            try {
                return browser.get(statusUrl);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, task -> {
            Thread thread = new Thread(task, "waiting page");
            thread.setDaemon(true);
            thread.start();
        });
        Thread.sleep(500);
        assertFalse(wait.isDone(), "the page waits");
        return wait;
    }

    /** The waiting page's answer, within 5 s of the phone's: far sooner than the 55 s it would otherwise wait. */
    private static String answeredSoon(CompletableFuture<HttpResponse<String>> wait) throws Exception {
        HttpResponse<String> answer = wait.get(5, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.body());
        return answer.body();
    }

    @Test
    void anEmailCodeSentByNodeAIsAcceptedByNodeB() throws Exception {
        int before = mail.getReceivedMessages().length;
        RawHttpLogin login = new RawHttpLogin();
        String page = login.logInWithPassword(loginUrl(nodeA), "erin", Map.of()).body();
        assertTrue(mail.waitForIncomingEmail(10_000, before + 1), "node A sent the code");
        String code = Mailbox.codeIn(mail.getReceivedMessages()[before]);

        String onNodeB = formAction("mfa-email-form", page).replace(nodeA.url(), nodeB.url());
        assertTrue(RawHttpLogin.loggedIn(login.postForm(onNodeB, "code=" + code)));
    }

    @Test
    void aDeviceRememberedOnNodeAIsHonouredByBothNodesUntilNodeBDeletesItsEntry() throws Exception {
        RawHttpLogin login = new RawHttpLogin();
        String page = login.logInWithPassword(loginUrl(nodeA), "alice", Map.of()).body();
        AuthenticatorApp app = AuthenticatorApp.fromSecret(find("id=\"mfa-totp-secret\">([^<]+)<", page));
        HttpResponse<String> enrolled = login.postForm(formAction("mfa-totp-enroll-form", page),
                "otp=" + app.currentCode() + "&userLabel=phone&rememberDevice=on");
        assertTrue(RawHttpLogin.loggedIn(enrolled), enrolled.body());
        String device = login.cookie(LoginBrowser.REMEMBER_DEVICE_COOKIE);

        for (KeycloakNode node : List.of(nodeB, nodeA)) {
            HttpResponse<String> again = new RawHttpLogin().withCookie(LoginBrowser.REMEMBER_DEVICE_COOKIE, device)
                    .logInWithPassword(loginUrl(node), "alice", Map.of());
            assertTrue(RawHttpLogin.loggedIn(again), node.url() + " asked again: " + again.body());
        }

        try (Keycloak admin = Keycloak.getInstance(nodeB.url(), "master", "admin", "admin", "admin-cli")) {
            UserResource alice = admin.realm("mfa-demo").users()
                    .get(admin.realm("mfa-demo").users().searchByUsername("alice", true).get(0).getId());
            alice.credentials().stream().filter(c -> "mfa-remembered-device".equals(c.getType()))
                    .forEach(c -> alice.removeCredential(c.getId()));
        }
        HttpResponse<String> afterDeletion = new RawHttpLogin().withCookie(LoginBrowser.REMEMBER_DEVICE_COOKIE, device)
                .logInWithPassword(loginUrl(nodeA), "alice", Map.of());
        assertFalse(RawHttpLogin.loggedIn(afterDeletion), "node A, which had read the entry, no longer finds it");
        assertTrue(afterDeletion.body().contains("id=\"mfa-totp-form\""), afterDeletion.body());
    }

    private static String loginUrl(KeycloakNode node) {
        return DemoApp.loginUrl(node.url());
    }

    private static String formAction(String formId, String page) {
        return find("id=\"" + formId + "\"[^>]*action=\"([^\"]+)\"", page).replace("&amp;", "&");
    }

    private static String find(String regex, String page) {
        Matcher matcher = Pattern.compile(regex).matcher(page);
        if (!matcher.find()) {
            throw new AssertionError("no " + regex + " in " + page);
        }
        return matcher.group(1).trim();
    }
}
