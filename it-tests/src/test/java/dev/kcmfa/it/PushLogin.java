package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kcmfa.devicecli.PushDevice;

/**
 * A push login of the bundle's browser flow over plain HTTP, as its pages' script drives it: the push page (number,
 * status URL, form), waiting for the phone's answer on the status URL, then posting the form.
 */
final class PushLogin {

    /** How the browser learns that the phone has answered. */
    enum Waiting {
        /** The bundle's page: one status request held open by the server (as long as the page asks) until the answer. */
        LONG_POLL,
        /** The old server's 50 ms store check, done by the browser: {@code wait=0} every 50 ms. */
        POLLING_50_MS
    }

    private static final long POLL_MILLIS = 50;
    private static final Pattern NUMBER = Pattern.compile("id=\"mfa-push-number\"[^>]*>\\s*(\\d+)\\s*<");
    private static final Pattern FORM_ACTION = Pattern.compile("id=\"mfa-push-form\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern ENROLL_URL = Pattern.compile("id=\"mfa-push-enroll-url\"[^>]*>([^<]+)<");
    private static final Pattern ENROLL_FORM = Pattern.compile("id=\"mfa-push-enroll-form\"[^>]*action=\"([^\"]+)\"");

    private final RawHttpLogin browser;
    private final String number;
    private final PushStatusUrl statusUrl;
    private final String formAction;

    private PushLogin(RawHttpLogin browser, String page) {
        this.browser = browser;
        this.number = find(NUMBER, page);
        this.statusUrl = PushStatusUrl.of(page);
        this.formAction = find(FORM_ACTION, page);
    }

    /** Opens the login page, posts the password, and holds the push page that follows. */
    static PushLogin open(String loginUrl, String username) throws Exception {
        RawHttpLogin browser = new RawHttpLogin();
        return new PushLogin(browser, browser.logInWithPassword(loginUrl, username, Map.of()).body());
    }

    /**
     * A first login of a user who must set up a phone: the reference device enrolls with the page's enrollment URL
     * (as {@code phoneSees} turns it: a phone may reach another node), and the login finishes.
     */
    static PushDevice enrollPhone(String loginUrl, String username, UnaryOperator<String> phoneSees) throws Exception {
        RawHttpLogin browser = new RawHttpLogin();
        String page = browser.logInWithPassword(loginUrl, username, Map.of()).body();
        PushDevice phone = PushDevice.enroll(phoneSees.apply(find(ENROLL_URL, page).trim()), username + " phone", "");
        assertTrue(RawHttpLogin.loggedIn(browser.postForm(find(ENROLL_FORM, page), "continue=")),
                "the login goes on once the phone is enrolled");
        return phone;
    }

    /** The two digits the phone's user types. */
    String number() {
        return number;
    }

    /** Returns once the status URL no longer says "pending", having asked it the way {@code waiting} says. */
    void awaitAnswer(Waiting waiting) throws Exception {
        if (waiting == Waiting.LONG_POLL) {
            while (status(statusUrl.longPoll()).contains("\"pending\"")) {
                // the server answered "still pending" at the end of the wait: ask again, as the page's script does
            }
        } else {
            while (status(statusUrl.waiting(0)).contains("\"pending\"")) {
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    /** Posts the push page's form once the answer is in: a finished login is a redirect to the app. */
    HttpResponse<String> finish() throws Exception {
        return browser.postForm(formAction, "check=");
    }

    private String status(String request) throws Exception {
        return browser.get(request).body(); // only the login's own browser may wait
    }

    private static String find(Pattern pattern, String html) {
        Matcher matcher = pattern.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("no " + pattern + " in " + html);
        }
        return matcher.group(1).replace("&amp;", "&");
    }
}
