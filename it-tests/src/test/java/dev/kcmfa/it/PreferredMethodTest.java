package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.kcmfa.devicecli.PushDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * The method a login starts with: the default the user set in the account console ("Personal info", user-profile
 * attribute {@code mfa.default-method}, saved through the account REST API as the console saves it) while the user
 * can pass it and the policy allows it, whatever passed since; without one, the method that passed last (kept in
 * {@code mfa.last-method}; earlier releases kept it in {@code mfa.preferred-method}, still read). In this class
 * /mobile requires push or TOTP, in that order.
 */
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class PreferredMethodTest extends PushBrowserTest {

    private static final String DEFAULT_METHOD = "mfa.default-method";
    private static final String LAST_PASSED = "mfa.last-method";
    private static final String LAST_PASSED_BEFORE = "mfa.preferred-method";

    private LoginBrowser browser;
    private MethodChooser chooser;
    private final AuthenticatorApp app = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32);

    @BeforeEach
    void mobileAllowsPushAndTotp() {
        browser = new LoginBrowser(driver, oauth, realm);
        chooser = new MethodChooser(driver);
        String mobile = DemoRealm.groupPolicyAttribute(realm, DemoRealm.MOBILE);
        realm.updateWithCleanup(r -> r.attribute(mobile, "{\"enforcement\":\"required\",\"methods\":[\"push\",\"totp\"]}"));
    }

    @Test
    void theDefaultTheUserSetComesFirstUntilClearedThoughAnotherMethodPasses() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "default", DemoRealm.MOBILE);
        PushDevice phone = browser.addPhoneAfterTheApp(user, app);
        browser.logInWithPassword(user);
        AccountConsole account = accountOf(passPushInstead(phone));
        assertTrue(account.profile().path("attributes").path(DEFAULT_METHOD).isMissingNode(), "none set yet");

        assertSaved(account.saveProfileAttribute(DEFAULT_METHOD, List.of("totp")));
        assertEquals("[\"totp\"]", account.profile().path("attributes").path(DEFAULT_METHOD).toString());

        browser.logInWithPassword(user);
        assertTrue(browser.showsTotpCodeForm(), "the user's default, though push passed last: " + browser.pageText());
        chooser.tryAnotherWay();
        assertEquals(List.of("totp", "push"), chooser.offered(), "the default first, then the policy's order");
        chooser.choose("push");
        approve(phone);

        browser.logInWithPassword(user);
        assertTrue(browser.showsTotpCodeForm(), "push passed, the default stays first: " + browser.pageText());
        AccountConsole again = accountOf(passPushInstead(phone));
        assertEquals("[\"totp\"]", again.profile().path("attributes").path(DEFAULT_METHOD).toString(),
                "no login changes what the user set");

        assertSaved(again.saveProfileAttribute(DEFAULT_METHOD, List.of()));
        assertTrue(again.profile().path("attributes").path(DEFAULT_METHOD).isMissingNode(), "cleared");
        browser.logInWithPassword(user);
        assertTrue(browser.showsPushNumber(), "no default: the method that passed last: " + browser.pageText());
        chooser.tryAnotherWay();
        assertEquals(List.of("push", "totp"), chooser.offered());
    }

    @Test
    void aValueThatIsNoRegisteredMethodIsRefusedByTheProfile() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "forged", DemoRealm.MOBILE);
        AccountConsole account = accountOf(logInWithApp(user, app.currentCode()));

        for (List<String> forged : List.of(List.of("fax"), List.of("totp", "push"), List.of("<script>"))) {
            HttpResponse<String> refused = account.saveProfileAttribute(DEFAULT_METHOD, forged);
            assertEquals(400, refused.statusCode(), forged + ": " + refused.body());
            assertTrue(refused.body().contains(DEFAULT_METHOD), "names the field: " + refused.body());
        }
        assertTrue(account.profile().path("attributes").path(DEFAULT_METHOD).isMissingNode(), "nothing was stored");
    }

    @Test
    void aDefaultThePolicyDoesNotAllowOrTheUserCannotPassIsPassedOver() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "ignored", DemoRealm.MOBILE);
        AccountConsole account = accountOf(logInWithApp(user, app.currentCode()));

        assertSaved(account.saveProfileAttribute(DEFAULT_METHOD, List.of("email")));
        browser.logInWithPassword(user);
        assertTrue(browser.showsTotpCodeForm(), "/mobile allows no email (the address is verified): "
                + browser.pageText());
        assertFalse(chooser.offersAnotherWay(), "the app is all this user can pass");

        assertSaved(account.saveProfileAttribute(DEFAULT_METHOD, List.of("push")));
        browser.logInWithPassword(user);
        assertTrue(browser.showsTotpCodeForm(), "no phone to pass: the app, no phone enrollment: "
                + browser.pageText());
        assertFalse(browser.showsPushEnrollment());
        browser.enterTotp(app.nextCode()); // the current one went to the first login
        assertNotNull(oauth.parseLoginResponse().getCode(), browser.pageText());
    }

    @Test
    void theLastPassedMethodKeptByEarlierReleasesStillComesFirstAndMovesToItsNewAttribute() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "earlier", DemoRealm.MOBILE);
        PushDevice phone = browser.addPhoneAfterTheApp(user, app);
        UserResource admin = realm.admin().users().get(DemoRealm.userId(realm, user));
        UPConfig profile = realm.admin().users().userProfile().getConfiguration();
        try {
            realm.admin().users().userProfile().update(adminSeesUnmanaged(profile));
            UserRepresentation stored = admin.toRepresentation();
            stored.getAttributes().remove(LAST_PASSED);
            stored.getAttributes().put(LAST_PASSED_BEFORE, List.of("push")); // as an earlier release kept it
            admin.update(stored);

            browser.logInWithPassword(user);
            assertTrue(browser.showsPushNumber(), "push passed last by the earlier record: " + browser.pageText());
            approve(phone);

            Map<String, List<String>> now = admin.toRepresentation().getAttributes();
            assertEquals(List.of("push"), now.get(LAST_PASSED));
            assertNull(now.get(LAST_PASSED_BEFORE), "the earlier record is gone once a login passed");
        } finally {
            realm.admin().users().userProfile().update(profile);
        }
    }

    /** The profile with unmanaged attributes (the login's own records) shown to and edited by admins. */
    private static UPConfig adminSeesUnmanaged(UPConfig profile) {
        UPConfig edited = profile.clone();
        edited.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ADMIN_EDIT);
        return edited;
    }

    /** From a login page that starts with another method: "Try another way", push, approved on the phone. */
    private String passPushInstead(PushDevice phone) throws Exception {
        chooser.tryAnotherWay();
        chooser.choose("push");
        return approve(phone);
    }

    private String approve(PushDevice phone) throws Exception {
        assertTrue(browser.showsPushNumber(), browser.pageText());
        phone.approve(phone.pending().get(0), browser.pushNumber());
        browser.awaitPushOutcome();
        String code = oauth.parseLoginResponse().getCode();
        assertNotNull(code, "logged in by push: " + browser.pageText());
        return code;
    }

    private String logInWithApp(String user, String appCode) {
        browser.logInWithPassword(user);
        browser.enterTotp(appCode);
        String code = oauth.parseLoginResponse().getCode();
        assertNotNull(code, browser.pageText());
        return code;
    }

    private AccountConsole accountOf(String code) {
        return new AccountConsole(realm, oauth.doAccessTokenRequest(code).getAccessToken());
    }

    private static void assertSaved(HttpResponse<String> saved) {
        assertEquals(204, saved.statusCode(), saved.body());
    }
}
