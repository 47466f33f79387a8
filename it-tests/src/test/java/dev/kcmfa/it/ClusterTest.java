package dev.kcmfa.it;

import static dev.kcmfa.it.ClusterLogins.answeredSoon;
import static dev.kcmfa.it.ClusterLogins.enrollPhone;
import static dev.kcmfa.it.ClusterLogins.find;
import static dev.kcmfa.it.ClusterLogins.formAction;
import static dev.kcmfa.it.ClusterLogins.on;
import static dev.kcmfa.it.ClusterLogins.openWait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
        PushDevice phone = enrollPhone(nodeA, nodeB, "frank");

        RawHttpLogin login = new RawHttpLogin();
        String pushPage = login.logInWithPassword(DemoApp.loginUrl(nodeA.url()), "frank", Map.of()).body();
        CompletableFuture<HttpResponse<String>> approvalWait = openWait(login, pushPage);
        PushDevice.Challenge challenge = phone.pending().get(0);
        assertEquals(200, phone.approve(challenge, find("id=\"mfa-push-number\"[^>]*>\\s*(\\d+)", pushPage)).status());

        assertTrue(answeredSoon(approvalWait).contains("\"approved\""), "node A's wait woken by the approval");
        assertTrue(RawHttpLogin.loggedIn(login.postForm(formAction("mfa-push-form", pushPage), "check=")));
    }

    @Test
    void anEmailCodeSentByNodeAIsAcceptedByNodeB() throws Exception {
        int before = mail.getReceivedMessages().length;
        RawHttpLogin login = new RawHttpLogin();
        String page = login.logInWithPassword(DemoApp.loginUrl(nodeA.url()), "erin", Map.of()).body();
        assertTrue(mail.waitForIncomingEmail(10_000, before + 1), "node A sent the code");
        String code = Mailbox.codeIn(mail.getReceivedMessages()[before]);

        String onNodeB = on(nodeB, nodeA, formAction("mfa-email-form", page));
        assertTrue(RawHttpLogin.loggedIn(login.postForm(onNodeB, "code=" + code)));
    }

    @Test
    void aDeviceRememberedOnNodeAIsHonouredByBothNodesUntilNodeBDeletesItsEntry() throws Exception {
        RawHttpLogin login = new RawHttpLogin();
        String page = login.logInWithPassword(DemoApp.loginUrl(nodeA.url()), "alice", Map.of()).body();
        AuthenticatorApp app = AuthenticatorApp.fromSecret(find("id=\"mfa-totp-secret\">([^<]+)<", page));
        HttpResponse<String> enrolled = login.postForm(formAction("mfa-totp-enroll-form", page),
                "otp=" + app.currentCode() + "&userLabel=phone&rememberDevice=on");
        assertTrue(RawHttpLogin.loggedIn(enrolled), enrolled.body());
        String device = login.cookie(LoginBrowser.REMEMBER_DEVICE_COOKIE);

        for (KeycloakNode node : List.of(nodeB, nodeA)) {
            HttpResponse<String> again = new RawHttpLogin().withCookie(LoginBrowser.REMEMBER_DEVICE_COOKIE, device)
                    .logInWithPassword(DemoApp.loginUrl(node.url()), "alice", Map.of());
            assertTrue(RawHttpLogin.loggedIn(again), node.url() + " asked again: " + again.body());
        }

        try (Keycloak admin = Keycloak.getInstance(nodeB.url(), "master", "admin", "admin", "admin-cli")) {
            UserResource alice = admin.realm("mfa-demo").users()
                    .get(admin.realm("mfa-demo").users().searchByUsername("alice", true).get(0).getId());
            alice.credentials().stream().filter(c -> "mfa-remembered-device".equals(c.getType()))
                    .forEach(c -> alice.removeCredential(c.getId()));
        }
        HttpResponse<String> afterDeletion = new RawHttpLogin().withCookie(LoginBrowser.REMEMBER_DEVICE_COOKIE, device)
                .logInWithPassword(DemoApp.loginUrl(nodeA.url()), "alice", Map.of());
        assertFalse(RawHttpLogin.loggedIn(afterDeletion), "node A, which had read the entry, no longer finds it");
        assertTrue(afterDeletion.body().contains("id=\"mfa-totp-form\""), afterDeletion.body());
    }
}
