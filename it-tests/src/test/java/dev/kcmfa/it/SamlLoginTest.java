package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * SAML logins to the demo realm's SAML app, the app's side done by java-saml (a real SP library), which validates
 * every response (signatures by the realm's certificate from its descriptor, destination, recipient, audience,
 * times, InResponseTo). The AuthnContextClassRef says what the login proved, by the client's ACR-to-LoA mapping
 * and Keycloak's AuthnContextClassRef mapper: the password class at level 1, the REFEDS MFA class at level 2. An SP
 * asking for the MFA class (RequestedAuthnContext) gets the second factor whatever the policy would skip; one asking
 * for a class the client does not map gets Keycloak's NoAuthnContext status, before any login page.
 */
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class SamlLoginTest extends DemoRealmBrowserTest {

    private static final String SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";

    private LoginBrowser browser;
    private SamlApp samlApp;
    private final AuthenticatorApp app = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32);

    @BeforeEach
    void theSamlAppListensOnLoopback() throws Exception {
        browser = new LoginBrowser(driver, oauth, realm);
        samlApp = SamlApp.start(realm);
    }

    @AfterEach
    void theSamlAppStops() {
        samlApp.close();
    }

    @Test
    void anEngineerPassesTheAppAndTheSamlAppReadsTheMfaClass() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "engineer", DemoRealm.ENGINEERING);

        browser.logInWithPasswordAt(user, samlApp.loginUrl());
        assertTrue(browser.showsTotpCodeForm(), browser.pageText());
        browser.enterTotp(app.currentCode());

        assertEquals(new SamlApp.Login(true, null, SUCCESS, user, SamlApp.MFA_CLASS), samlApp.receivedLogin());
    }

    @Test
    void aLoginFromATrustedNetworkGetsThePasswordClass() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "office", DemoRealm.OFFICE);

        browser.logInWithPasswordAt(user, samlApp.loginUrl()); // skipped from 127.0.0.1 / ::1: level 1

        assertEquals(new SamlApp.Login(true, null, SUCCESS, user, SamlApp.PASSWORD_CLASS), samlApp.receivedLogin());
    }

    @Test
    void anIdpInitiatedLoginAsksTheEngineerForTheCodeAndTheUnsolicitedResponseValidates() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "portal", DemoRealm.ENGINEERING);

        browser.logInWithPasswordAt(user, samlApp.idpInitiatedUrl());
        assertTrue(browser.showsTotpCodeForm(), browser.pageText());
        browser.enterTotp(app.currentCode());

        assertEquals(new SamlApp.Login(true, null, SUCCESS, user, SamlApp.MFA_CLASS), samlApp.receivedLogin());
    }

    @Test
    void anSpAskingForTheMfaClassExactlyGetsTheSecondFactorOfAUserWhosePolicyIsOff() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "exempt", DemoRealm.EXEMPT);

        browser.logInWithPasswordAt(user, samlApp.loginUrlAskingFor(SamlApp.MFA_CLASS, "exact"));
        assertTrue(browser.showsTotpCodeForm(), "the SP asked for the MFA class: " + browser.pageText());
        browser.enterTotp(app.currentCode());

        assertEquals(new SamlApp.Login(true, null, SUCCESS, user, SamlApp.MFA_CLASS), samlApp.receivedLogin());
    }

    @Test
    void anSpAskingForAtLeastTheMfaClassGetsTheSecondFactorThoughTheNetworkIsTrusted() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "office", DemoRealm.OFFICE);

        browser.logInWithPasswordAt(user, samlApp.loginUrlAskingFor(SamlApp.MFA_CLASS, "minimum"));
        assertTrue(browser.showsTotpCodeForm(), "the SP asked for the MFA class: " + browser.pageText());
        browser.enterTotp(app.currentCode());

        assertEquals(new SamlApp.Login(true, null, SUCCESS, user, SamlApp.MFA_CLASS), samlApp.receivedLogin());
    }

    @Test
    void anSpAskingForAClassTheClientDoesNotMapGetsNoAuthnContextAndNoLoginPage() throws Exception {
        browser.signOut();
        driver.open(samlApp.loginUrlAskingFor("urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard", "exact"));

        SamlApp.Login refusal = samlApp.receivedLogin();
        assertFalse(refusal.valid(), refusal.toString());
        assertEquals("urn:oasis:names:tc:SAML:2.0:status:Responder urn:oasis:names:tc:SAML:2.0:status:NoAuthnContext",
                refusal.status(), refusal.toString());
    }
}
