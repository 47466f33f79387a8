package dev.kcmfa.it;

import static dev.kcmfa.it.ClusterLogins.enrollPhone;
import static dev.kcmfa.it.ClusterLogins.find;
import static dev.kcmfa.it.ClusterLogins.formAction;
import static dev.kcmfa.it.ClusterLogins.on;
import static dev.kcmfa.it.ClusterLogins.openWait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.kcmfa.devicecli.PushDevice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A node dies (SIGKILL) in the middle of a login and the browser, sent to the other node as a load balancer would,
 * finishes it there: what the login had done on the dead node (password, a mailed code, a push sent) lives in
 * Infinispan's authentication-session cache, which Keycloak 26 keeps on two owners, and in PostgreSQL. After each
 * scenario the dead node is started again and must rejoin the cluster. Its own cluster (ports one above
 * {@link ClusterTest}'s), since every test kills a node.
 */
@Tag("reliability")
class NodeLossTest {

    private static final int SMTP_PORT = 3027;

    private static TwoNodeCluster cluster;
    private static KeycloakNode nodeA;
    private static KeycloakNode nodeB;
    private static GreenMail mail;

    @BeforeAll
    static void startTheCluster() throws Exception {
        cluster = TwoNodeCluster.start("kc-node-loss", 1);
        nodeA = cluster.nodeA();
        nodeB = cluster.nodeB();
        mail = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        nodeA.pointRealmSmtpAt("mfa-demo", SMTP_PORT);
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

    /** A test that killed node A starts it again: it must rejoin B, and the next test has two nodes again. */
    @AfterEach
    void nodeARejoins() throws Exception {
        if (nodeA.isRunning()) {
            return;
        }
        long start = System.nanoTime();
        nodeA.restart();
        nodeA.awaitReady(2, Duration.ofMinutes(4));
        report("node A restarted and rejoined", start);
    }

    @Test
    void aTotpLoginWhosePasswordStepRanOnADiesWithAAndFinishesOnB() throws Exception {
        RawHttpLogin enrolling = new RawHttpLogin();
        String enrollPage = enrolling.logInWithPassword(DemoApp.loginUrl(nodeB.url()), "alice", Map.of()).body();
        AuthenticatorApp app = AuthenticatorApp.fromSecret(find("id=\"mfa-totp-secret\">([^<]+)<", enrollPage));
        HttpResponse<String> enrolled = declineRemembering(enrolling, enrolling.postForm(
                formAction("mfa-totp-enroll-form", enrollPage), "otp=" + app.currentCode() + "&userLabel=phone"));
        assertTrue(RawHttpLogin.loggedIn(enrolled), "alice enrolled on B: " + enrolled.statusCode() + " " + enrolled.body());

        RawHttpLogin login = new RawHttpLogin();
        HttpResponse<String> codePage = login.logInWithPassword(DemoApp.loginUrl(nodeA.url()), "alice", Map.of());
        assertTrue(RawHttpLogin.asksForTotp(codePage), codePage.body());
        long start = killNodeA();

        HttpResponse<String> onB = declineRemembering(login, login.postForm(
                on(nodeB, nodeA, formAction("mfa-totp-form", codePage.body())), "otp=" + app.nextCode()));
        assertTrue(RawHttpLogin.loggedIn(onB), onB.statusCode() + " " + onB.body());
        report("TOTP: kill A -> code accepted on B", start);
    }

    @Test
    void anEmailCodeMailedByADiesWithAAndIsAcceptedOnB() throws Exception {
        int before = mail.getReceivedMessages().length;
        RawHttpLogin login = new RawHttpLogin();
        String page = login.logInWithPassword(DemoApp.loginUrl(nodeA.url()), "erin", Map.of()).body();
        assertTrue(mail.waitForIncomingEmail(10_000, before + 1), "node A sent the code");
        String code = Mailbox.codeIn(mail.getReceivedMessages()[before]);
        long start = killNodeA();

        HttpResponse<String> onB = login.postForm(on(nodeB, nodeA, formAction("mfa-email-form", page)), "code=" + code);
        assertTrue(RawHttpLogin.loggedIn(onB), onB.statusCode() + " " + onB.body());
        report("email: kill A -> code accepted on B", start);
    }

    /** The page's wait on A breaks with A; the phone answers B, and the page's retry on B sees the approval at once. */
    @Test
    void aPushWaitingOnADiesWithAAndTheApprovalOnBFinishesTheLogin() throws Exception {
        PushDevice phone = enrollPhone(nodeB, nodeB, "frank");
        RawHttpLogin login = new RawHttpLogin();
        String pushPage = login.logInWithPassword(DemoApp.loginUrl(nodeA.url()), "frank", Map.of()).body();
        CompletableFuture<HttpResponse<String>> waitOnA = openWait(login, pushPage);
        long start = killNodeA();
        assertTrue(waitOnA.handle((answer, failure) -> failure != null).get(30, TimeUnit.SECONDS),
                "the wait on A broke with A");

        PushDevice.Challenge challenge = phone.pending().get(0);
        assertEquals(200, phone.approve(challenge, find("id=\"mfa-push-number\"[^>]*>\\s*(\\d+)", pushPage)).status());
        HttpResponse<String> status = login.get(on(nodeB, nodeA, PushStatusUrl.of(pushPage).waiting(0)));
        assertTrue(status.body().contains("\"approved\""), status.statusCode() + " " + status.body());
        HttpResponse<String> onB = login.postForm(on(nodeB, nodeA, formAction("mfa-push-form", pushPage)), "check=");
        assertTrue(RawHttpLogin.loggedIn(onB), onB.statusCode() + " " + onB.body());
        report("push: kill A -> approved on B, login finished on B", start);
    }

    /** The demo realm asks after a TOTP code whether to remember the browser: "no", on the node that asked. */
    private static HttpResponse<String> declineRemembering(RawHttpLogin login, HttpResponse<String> response)
            throws Exception {
        if (!response.body().contains("id=\"mfa-remember-form\"")) {
            return response;
        }
        return login.postForm(formAction("mfa-remember-form", response.body()), "mfaRemember=no");
    }

    /** SIGKILLs node A; returns when it was killed, for the scenario's timing. */
    private static long killNodeA() throws Exception {
        long start = System.nanoTime();
        nodeA.kill();
        return start;
    }

    private static void report(String what, long start) {
        System.out.printf("NodeLossTest: %s in %d ms%n", what, (System.nanoTime() - start) / 1_000_000);
    }
}
