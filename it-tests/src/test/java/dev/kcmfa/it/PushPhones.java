package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kcmfa.devicecli.PushDevice;
import org.keycloak.testframework.realm.ManagedRealm;

/** Users of the demo realm's /mobile group who enrolled a phone (the reference device) as users do, over plain HTTP. */
final class PushPhones {

    private static final Pattern ENROLL_URL = Pattern.compile("id=\"mfa-push-enroll-url\"[^>]*>([^<]+)<");
    private static final Pattern ENROLL_FORM = Pattern.compile("id=\"mfa-push-enroll-form\"[^>]*action=\"([^\"]+)\"");

    record PushUser(String username, PushDevice phone) {
    }

    private PushPhones() {
    }

    /** A new user of /mobile whose first login shows the QR code, which the phone scans; the login then finishes. */
    static PushUser enrollThroughLogin(ManagedRealm realm, String loginUrl, String prefix) throws Exception {
        String username = DemoRealm.createUser(realm, prefix, DemoRealm.MOBILE);
        RawHttpLogin login = new RawHttpLogin();
        String page = login.logInWithPassword(loginUrl, username, Map.of()).body();
        PushDevice phone = PushDevice.enroll(find(ENROLL_URL, page).replace("&amp;", "&"), prefix + " phone",
                fcmToken(username));
        assertTrue(RawHttpLogin.loggedIn(login.postForm(find(ENROLL_FORM, page), "continue=")),
                "the login finishes once the phone is enrolled");
        return new PushUser(username, phone);
    }

    /** The Firebase registration token of the phones enrolled here. */
    static String fcmToken(String username) {
        return "fcm-" + username;
    }

    private static String find(Pattern pattern, String page) {
        Matcher matcher = pattern.matcher(page);
        if (!matcher.find()) {
            throw new AssertionError("not an enrollment page: " + page);
        }
        return matcher.group(1);
    }
}
