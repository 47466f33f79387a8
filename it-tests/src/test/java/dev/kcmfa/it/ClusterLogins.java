package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kcmfa.devicecli.PushDevice;

/**
 * Logins driven over raw HTTP against a {@link TwoNodeCluster}, as a browser behind a load balancer would: what the
 * pages carry (form actions, the push status URL) and how a page's wait is opened, for the tests that move a login
 * from one node to the other.
 */
final class ClusterLogins {

    private ClusterLogins() {
    }

    /** The action of the form {@code formId} on {@code page}, unescaped. */
    static String formAction(String formId, String page) {
        return find("id=\"" + formId + "\"[^>]*action=\"([^\"]+)\"", page).replace("&amp;", "&");
    }

    /** {@code url} (of node {@code from}) sent to node {@code to} instead, as a load balancer would route it. */
    static String on(KeycloakNode to, KeycloakNode from, String url) {
        return url.replace(from.url(), to.url());
    }

    static String find(String regex, String page) {
        Matcher matcher = Pattern.compile(regex).matcher(page);
        if (!matcher.find()) {
            throw new AssertionError("no " + regex + " in " + page);
        }
        return matcher.group(1).trim();
    }

    /**
     * Enrolls {@code user}'s phone for push: the login runs on {@code pageNode}, the phone talks to {@code phoneNode}.
     */
    static PushDevice enrollPhone(KeycloakNode pageNode, KeycloakNode phoneNode, String user) throws Exception {
        RawHttpLogin enrolling = new RawHttpLogin();
        String page = enrolling.logInWithPassword(DemoApp.loginUrl(pageNode.url()), user, Map.of()).body();
        String enrollUrl = on(phoneNode, pageNode, find("id=\"mfa-push-enroll-url\"[^>]*>([^<]+)<", page));
        CompletableFuture<HttpResponse<String>> enrollmentWait = openWait(enrolling, page);
        PushDevice phone = PushDevice.enroll(enrollUrl.replace("&amp;", "&"), "cluster phone", "");
        assertTrue(answeredSoon(enrollmentWait).contains("\"enrolled\""), "the page's wait woken by the enrollment");
        assertTrue(RawHttpLogin.loggedIn(enrolling.postForm(formAction("mfa-push-enroll-form", page), "continue=")),
                "enrolled through " + phoneNode.url() + ", the login on " + pageNode.url() + " carries on");
        return phone;
    }

    /**
     * What the page's script asks, with its browser's cookies: the status, waiting as long as the page asks; open (not
     * answered) half a second later, so the answer cannot reach it before it waits.
     */
    static CompletableFuture<HttpResponse<String>> openWait(RawHttpLogin browser, String page)
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
    static String answeredSoon(CompletableFuture<HttpResponse<String>> wait) throws Exception {
        HttpResponse<String> answer = wait.get(5, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.body());
        return answer.body();
    }
}
