package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.keycloak.util.JsonSerialization;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Remembered browsers as entries of their own: each "Remember this device" is a credential the user sees in the
 * account console and an admin sees on the user, and removing one ends the remembering of that browser only. Two
 * real browsers of one user: the suite's HtmlUnit and a headless Chromium.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class RememberedDevicesTest extends DemoRealmBrowserTest {

    private static final String TYPE = "mfa-remembered-device";
    private static final String NETWORK_SETTING = "mfa.remembered-device.network";
    /** The users' app; a browser after the first uses the next code (a code passes once per user). */
    private static final AuthenticatorApp APP = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32);

    @InjectAdminClient
    Keycloak adminClient;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    private ChromeWindow window;
    private String username;
    private UserResource user;

    @BeforeEach
    void twoBrowsersOfOneUser() {
        window = ChromeWindow.open();
        username = DemoRealm.createUserWithAuthenticatorApp(realm, "devices", DemoRealm.ENGINEERING);
        user = realm.admin().users().get(DemoRealm.userId(realm, username));
    }

    @AfterEach
    void closeChromium() {
        window.close();
    }

    @Test
    void theUserSeesBothBrowsersInTheAccountConsoleAndRemovingOneAsksOnlyThatOneAgain() throws Exception {
        LoginBrowser htmlUnit = remembered(driver, APP.currentCode());
        LoginBrowser chromium = remembered(window.driver(), APP.nextCode());
        String htmlUnitEntry = credentialIdIn(htmlUnit);
        String chromiumEntry = credentialIdIn(chromium);
        assertNotEquals(htmlUnitEntry, chromiumEntry, "an entry per browser");

        chromium.signOut();
        AccountConsolePage console = new AccountConsolePage(window.driver().driver(), realm.getBaseUrl());
        console.openSigningInAs(username, username); // the remembered Chromium: no second factor asked
        assertTrue(console.text().contains("Remembered browsers"), console.text());
        List<String> labels = console.credentialLabels(TYPE);
        assertEquals(2, labels.size(), labels.toString());
        String chromiumRow = console.credentialRow(chromiumEntry);
        String today = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(Locale.ENGLISH)
                .format(LocalDate.now(ZoneOffset.UTC));
        assertTrue(chromiumRow.contains("Chrome on Linux · last used " + today), chromiumRow);
        assertTrue(chromiumRow.contains("Created"), "first use: " + chromiumRow);
        String htmlUnitRow = console.credentialRow(htmlUnitEntry);
        assertTrue(htmlUnitRow.matches("(?s).+ on .+ · last used .+Created.+"), htmlUnitRow);
        assertFalse(htmlUnitRow.contains("/24") || htmlUnitRow.contains("/48"),
                "no network unless the realm shows it: " + htmlUnitRow);

        window.screenshot("account-console-remembered-browsers");

        console.removeCredential(TYPE, htmlUnitEntry);

        assertEquals(List.of(chromiumEntry), entries().stream().map(CredentialRepresentation::getId).toList());
        htmlUnit.logInWithPassword(username);
        assertTrue(htmlUnit.showsTotpCodeForm(), "the removed browser is asked for the second factor again");
        chromium.logInWithPassword(username);
        awaitApp(window.driver()); // the other browser is still remembered: no second factor asked
    }

    @Test
    void anAdminListsTheBrowsersOnTheUserAndDeletingOneEndsOnlyItsRemembering() throws Exception {
        LoginBrowser htmlUnit = remembered(driver, APP.currentCode());
        LoginBrowser chromium = remembered(window.driver(), APP.nextCode());
        String chromiumEntry = credentialIdIn(chromium);

        List<CredentialRepresentation> listed = entries();
        assertEquals(2, listed.size());
        listed.forEach(c -> {
            assertTrue(c.getUserLabel().contains(" · last used "), c.getUserLabel());
            assertNotNull(c.getCreatedDate());
        });
        assertTrue(listed.stream().anyMatch(c -> c.getId().equals(chromiumEntry)
                && c.getUserLabel().contains("Chrome on Linux")), listed.toString());

        try (AdminConsole console = AdminConsole.signIn(realm)) {
            List<List<String>> rows = console.userCredentials(user.toRepresentation().getId());
            console.screenshot("admin-console-remembered-browsers");
            List<String> labels = listed.stream().map(CredentialRepresentation::getUserLabel).toList();
            labels.forEach(label -> assertTrue(rows.stream().anyMatch(row -> row.contains(label)),
                    "the Credentials tab shows " + label + ": " + rows));
        }
        user.removeCredential(chromiumEntry); // DELETE /admin/realms/{realm}/users/{id}/credentials/{credentialId}

        chromium.logInWithPassword(username);
        assertTrue(chromium.showsTotpCodeForm(), "the deleted browser is asked for the second factor again");
        htmlUnit.logInWithPassword(username);
        assertNotNull(oauth.parseLoginResponse().getCode(), "the other browser is still remembered");
        assertEquals(List.of("otp"), user.credentials().stream().map(CredentialRepresentation::getType)
                .filter(t -> !"password".equals(t)).filter(t -> !TYPE.equals(t)).toList(),
                "a remembered browser is no factor: the app is untouched");

        MfaAdminApi.Reply reset = new MfaAdminApi(realm, adminClient.tokenManager().getAccessTokenString())
                .post("users/" + DemoRealm.userId(realm, username) + "/reset", "");
        assertEquals(200, reset.status(), reset.body());
        assertEquals(1, reset.json().get("removedRememberedDevices").asInt());
        assertEquals(List.of(), entries());
        htmlUnit.logInWithPassword(username);
        assertTrue(htmlUnit.showsTotpEnrollment(), "the reset revokes every remembered browser");
    }

    @Test
    void theLastUseIsWrittenAtMostHourlyAndTheNetworkOnlyWhereTheRealmShowsIt() throws Exception {
        realm.updateWithCleanup(r -> r.attribute(NETWORK_SETTING, "prefix"));
        LoginBrowser htmlUnit = remembered(driver, APP.currentCode());
        CredentialRepresentation first = entries().get(0);
        assertTrue(first.getUserLabel().matches(".+ · (127\\.0\\.0\\.0/24|::/48)"),
                "the client's network, from Keycloak's client address: " + first.getUserLabel());

        htmlUnit.logInWithPassword(username);
        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals(first.getCredentialData(), entries().get(0).getCredentialData(), "no write within the hour");

        timeOffSet.set(Duration.ofDays(2));
        htmlUnit.logInWithPassword(username);
        assertNotNull(oauth.parseLoginResponse().getCode(), "still remembered on day 3 (P7D)");
        CredentialRepresentation used = entries().get(0);
        assertNotEquals(first.getUserLabel(), used.getUserLabel(), "the label shows the new last use");
        assertEquals(first.getCreatedDate(), used.getCreatedDate(), "first use stays");
        long lastUsed = JsonSerialization.mapper.readTree(used.getCredentialData()).get("lastUsed").asLong();
        long before = JsonSerialization.mapper.readTree(first.getCredentialData()).get("lastUsed").asLong();
        assertTrue(lastUsed >= before + Duration.ofDays(2).toSeconds(), used.getCredentialData());
    }

    /**
     * Signs in on a browser with the password and the app's code, ticking "Remember this device", and waits for the
     * login to reach the app (Chromium returns from the click before the form post has been answered).
     */
    @Test
    void aRememberedBrowserSparesNoEnrollmentOnceTheUsersOnlyFactorIsGone() {
        LoginBrowser htmlUnit = remembered(driver, APP.currentCode());
        user.credentials().stream().filter(c -> "otp".equals(c.getType()))
                .forEach(app -> user.removeCredential(app.getId())); // an admin removes the app alone, no MFA reset

        htmlUnit.logInWithPassword(username);
        assertTrue(htmlUnit.showsTotpEnrollment(), "the policy's factor is set up again, not skipped by the cookie");
    }

    private LoginBrowser remembered(ManagedWebDriver browserDriver, String code) {
        LoginBrowser browser = new LoginBrowser(browserDriver, oauth, realm);
        browser.logInWithPassword(username);
        assertTrue(browser.showsTotpCodeForm());
        browser.tickRememberThisDevice();
        browser.enterTotp(code);
        awaitApp(browserDriver);
        assertNotNull(browser.rememberDeviceCookie(), "remembered");
        return browser;
    }

    /** Waits until the browser is back at the app with an authorization code; fails with the page it is on. */
    private static void awaitApp(ManagedWebDriver driver) {
        try {
            new WebDriverWait(driver.driver(), Duration.ofSeconds(20))
                    .until(d -> d.getCurrentUrl().contains("code="));
        } catch (TimeoutException e) {
            throw new AssertionError("the login did not reach the app: " + driver.driver().getCurrentUrl() + "\n"
                    + driver.driver().findElement(By.tagName("body")).getText(), e);
        }
    }

    /** The remembered-device credential the browser's cookie names (the signed token's {@code cid}). */
    private static String credentialIdIn(LoginBrowser browser) throws Exception {
        String payload = browser.rememberDeviceCookie().getValue().split("\\.")[1];
        return JsonSerialization.mapper.readTree(new String(Base64.getUrlDecoder().decode(payload),
                StandardCharsets.UTF_8)).get("cid").asText();
    }

    /** The user's remembered browsers, as the admin REST API (and the admin console's Credentials tab) lists them. */
    private List<CredentialRepresentation> entries() {
        return user.credentials().stream().filter(c -> TYPE.equals(c.getType())).toList();
    }
}
