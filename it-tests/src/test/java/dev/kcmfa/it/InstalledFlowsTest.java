package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.kcmfa.devicecli.PushDevice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.events.EventType;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ClientBuilder;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;
import org.openqa.selenium.support.PageFactory;

/**
 * What an admin gets from {@code POST /admin/realms/{realm}/mfa/flows} on a realm that had no MFA flows (a plain
 * realm made by the test, no demo file): logins by every method, a password reset and logins through an identity
 * provider (a second realm of the same server, as OIDC and as SAML provider) are each asked for the policy's second
 * factor; a provider's account with a local user's email is linked to that user only after the user's own factor.
 * The realm's default policy is set per test; the installer runs before each test (it changes nothing after the first).
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class InstalledFlowsTest {

    private static final String PARTNER = "partner";
    /** The same partner realm, as a SAML identity provider. */
    private static final String PARTNER_SAML = "partner-saml";

    @InjectRealm(config = PlainRealm.class)
    ManagedRealm realm;

    @InjectRealm(ref = PARTNER, config = PartnerRealm.class)
    ManagedRealm partner;

    @InjectRealm(ref = "demo", fromJson = DemoRealm.JSON)
    ManagedRealm demo;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectMailServer
    MailServer mail;

    @InjectAdminClient
    Keycloak adminClient;

    @InjectEvents
    Events events;

    static FakeFcm fcm;
    static FakeDuo duo;

    LoginBrowser browser;

    @BeforeAll
    static void startFirebaseAndDuo() throws Exception {
        fcm = new FakeFcm(8599);
        duo = new FakeDuo(8598);
    }

    @AfterAll
    static void stopFirebaseAndDuo() {
        fcm.close();
        duo.close();
    }

    @BeforeEach
    void installTheFlows() throws Exception {
        List<String> providers = realm.admin().identityProviders().findAll().stream()
                .map(IdentityProviderRepresentation::getAlias).toList();
        if (!providers.contains(PARTNER)) { // before installing: the installer binds them
            realm.admin().identityProviders().create(partnerAsProvider()).close();
        }
        if (!providers.contains(PARTNER_SAML)) {
            realm.admin().identityProviders().create(partnerAsSamlProvider()).close();
        }
        MfaAdminApi.Reply installed = admin(realm).post("flows", "");
        assertEquals(200, installed.status(), installed.body());
        Map<String, String> push = new HashMap<>(Map.of("fcmServiceAccount", fcm.serviceAccountJson(),
                "fcmBaseUrl", fcm.baseUrl()));
        DemoRealm.configurePushSteps(realm, push);
        duo.reset();
        DemoRealm.configureDuoSteps(realm, duo.stepSettings("closed"));
        acceptThePartnersMfa(false);
        browser = new LoginBrowser(driver, oauth, realm);
    }

    @Test
    void anAppUserIsAskedForTheAppCodeInTheBrowserAndByThePasswordGrant() throws Exception {
        requireForEveryone("totp");
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "app");
        AuthenticatorApp app = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32);

        browser.logInWithPassword(user);
        assertTrue(browser.showsTotpCodeForm(), "the password alone does not log in: " + browser.pageText());
        browser.enterTotp(app.currentCode());
        assertEquals(new AppIdToken("mfa", List.of("pwd", "otp", "mfa")), AppIdToken.afterLogin(realm, oauth),
                "the installer named the levels and added the amr mapper and the password's reference");

        HttpResponse<String> passwordOnly = PasswordGrant.send(realm, PasswordGrant.TEST_APP, user, Map.of());
        assertEquals(400, passwordOnly.statusCode(), passwordOnly.body());
        assertTrue(passwordOnly.body().contains("\"invalid_grant\""), passwordOnly.body());
        HttpResponse<String> withCode = PasswordGrant.send(realm, PasswordGrant.TEST_APP, user,
                Map.of("otp", app.nextCode())); // the current one went to the browser
        assertEquals(200, withCode.statusCode(), withCode.body());
    }

    @Test
    void aUserWithoutAFactorSetsUpTheAppInTheLogin() throws Exception {
        requireForEveryone("totp");
        String user = DemoRealm.createUser(realm, "newcomer");

        browser.logInWithPassword(user);
        assertTrue(browser.showsTotpEnrollment(), browser.pageText());
        AuthenticatorApp app = AuthenticatorApp.scan(browser.qrCodeImage());
        browser.finishEnrollment(app.currentCode(), "my app");

        assertNotNull(oauth.parseLoginResponse().getCode(), browser.pageText());
    }

    @Test
    void anEmailUserLogsInWithTheMailedCode() throws Exception {
        requireForEveryone("email");
        String user = DemoRealm.createUser(realm, "mailed");
        Mailbox mailbox = new Mailbox(mail);
        int before = mailbox.count();

        browser.logInWithPassword(user);
        assertTrue(browser.showsEmailCodeForm(), browser.pageText());
        browser.enterEmailCode(Mailbox.codeIn(mailbox.nth(before + 1)));

        assertNotNull(oauth.parseLoginResponse().getCode(), browser.pageText());
    }

    @Test
    void aPushUserSetsUpThePhoneThenApprovesTheNextLoginOnIt() throws Exception {
        requireForEveryone("push");
        String user = DemoRealm.createUser(realm, "phone");

        browser.logInWithPassword(user);
        assertTrue(browser.showsPushEnrollment(), browser.pageText());
        PushDevice phone = PushDevice.enroll(browser.scanPushEnrollmentQrCode(), "phone", "fcm-" + user);
        browser.awaitPushOutcome();
        assertNotNull(oauth.parseLoginResponse().getCode(), browser.pageText());

        browser.logInWithPassword(user);
        assertTrue(browser.showsPushNumber(), browser.pageText());
        assertEquals(200, phone.approve(phone.pending().get(0), browser.pushNumber()).status());
        browser.awaitPushOutcome();
        assertNotNull(oauth.parseLoginResponse().getCode(), browser.pageText());
    }

    @Test
    void aDuoUserIsLetInByDuo() {
        requireForEveryone("duo");
        String user = DemoRealm.createUser(realm, "duo");
        duo.userDoes(user + "@example.org", FakeDuo.Outcome.ALLOW);
        events.skipAll();

        browser.logInWithPassword(user);

        assertNotNull(oauth.parseLoginResponse().getCode(), driver.getCurrentUrl() + " " + browser.pageText());
        assertEquals("duo", LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_method"),
                "Duo let the user in, not the password alone");
    }

    @Test
    void aPasswordResetAsksForTheAppBeforeTheNewPassword() throws Exception {
        requireForEveryone("totp");
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "forgetful");
        Mailbox mailbox = new Mailbox(mail);
        ForgotPassword forgot = new ForgotPassword(driver, oauth, browser, mailbox);

        forgot.followTheLink(user, mailbox.count() + 1);

        assertTrue(browser.showsTotpCodeForm(), "the mailed link alone is not enough: " + browser.pageText());
        assertFalse(forgot.showsNewPasswordForm());
        browser.enterTotp(AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32).currentCode());
        assertTrue(forgot.showsNewPasswordForm(), browser.pageText());
        forgot.setNewPassword("a new password of " + user);
        assertNotNull(oauth.parseLoginResponse().getCode(), browser.pageText());
    }

    @Test
    void aUserLinkedToThePartnerIsAskedForTheAppAfterThePartnersLogin() {
        requireForEveryone("totp");
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "linked");
        String partnerUser = DemoRealm.createUser(partner, "pat");
        linkToPartner(user, partnerUser);

        logInAtThePartner(partnerUser);

        assertTrue(browser.showsTotpCodeForm(), "the partner's login is the first factor only: "
                + browser.pageText());
        browser.enterTotp(AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32).currentCode());
        assertNotNull(oauth.parseLoginResponse().getCode(), browser.pageText());
    }

    @Test
    void aNewUserFromThePartnerSetsUpTheAppBeforeTheFirstLoginEnds() throws Exception {
        requireForEveryone("totp");
        String partnerUser = DemoRealm.createUser(partner, "newpat");

        logInAtThePartner(partnerUser);

        assertTrue(browser.showsTotpEnrollment(), browser.pageText());
        AuthenticatorApp app = AuthenticatorApp.scan(browser.qrCodeImage());
        browser.finishEnrollment(app.currentCode(), "my app");
        assertNotNull(oauth.parseLoginResponse().getCode(), browser.pageText());
        assertEquals(1, realm.admin().users().search(partnerUser, true).size(), "the partner's user came over");
    }

    @Test
    void withTheStepAcceptingIt_aUserWhoPassedTheAppAtThePartnerIsNotAskedAgain() throws Exception {
        requireForEveryone("totp");
        acceptThePartnersMfa(true);
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "trusted");
        String partnerUser = DemoRealm.createUserWithAuthenticatorApp(partner, "mfapat");
        linkToPartner(user, partnerUser);
        partnerAsksForTheApp(partnerUser);
        events.skipAll();

        logInAtThePartner(partnerUser);
        assertTrue(browser.showsTotpCodeForm(), "the partner's own second factor: " + browser.pageText());
        browser.enterTotp(AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32).currentCode());

        assertEquals("mfa", AppIdToken.afterLogin(realm, oauth).acr(),
                "not asked again here, and the app's token says a second factor passed");
        assertEquals("upstream_mfa", LoginEvents.next(events, EventType.IDENTITY_PROVIDER_POST_LOGIN).getDetails()
                .get("mfa_skipped"), "the post-broker-login flow's own event says why");
    }

    @Test
    void withTheStepAcceptingIt_aUserWhoPassedOnlyThePasswordAtThePartnerIsStillAsked() {
        requireForEveryone("totp");
        acceptThePartnersMfa(true);
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "unproven");
        String partnerUser = DemoRealm.createUser(partner, "pwdpat");
        linkToPartner(user, partnerUser);

        logInAtThePartner(partnerUser);

        assertTrue(browser.showsTotpCodeForm(), "the partner's token proves no second factor: "
                + browser.pageText());
    }

    /**
     * Someone who holds a partner account with a local user's email and knows that user's password (and passes the
     * partner's own second factor, which the post-broker step accepts): Keycloak writes the link before any
     * post-broker-login flow, so the first-broker-login flow asks for the local account's factor before it links.
     */
    @Test
    void aPartnerAccountWithALocalUsersEmailIsLinkedOnlyOnceTheLocalUserPassedTheAppNotByThePasswordAlone()
            throws Exception {
        requireForEveryone("totp");
        acceptThePartnersMfa(true);
        realm.updateWithCleanup(r -> r.update(rep -> rep.setSmtpServer(new HashMap<>()))); // no emailed link
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "local");
        String partnerUser = createAtThePartnerWithTheEmailOf(user, true);
        partnerAsksForTheApp(partnerUser);
        AuthenticatorApp app = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32);

        logInAtThePartner(partnerUser);
        browser.enterTotp(app.currentCode()); // the partner's own second factor
        confirmTheLinkToTheExistingAccount();
        browser.enterPasswordAgain(user);

        assertTrue(browser.showsTotpCodeForm(), "the password alone does not link: " + browser.pageText());
        assertTrue(linksOf(user).isEmpty(), "no link before the local second factor");
        browser.enterTotp(app.currentCode()); // the local credential: the partner checked its own
        assertEquals("mfa", AppIdToken.afterLogin(realm, oauth).acr(), "asked once, and a second factor passed");
        assertEquals(List.of(PARTNER), linksOf(user).stream().map(FederatedIdentityRepresentation::getIdentityProvider)
                .toList());
    }

    @Test
    void theEmailedLinkToTheExistingAccountIsFollowedByThatAccountsAppBeforeTheLink() throws Exception {
        requireForEveryone("totp");
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "mailbox");
        String partnerUser = createAtThePartnerWithTheEmailOf(user, false);
        Mailbox mailbox = new Mailbox(mail);
        int before = mailbox.count();

        logInAtThePartner(partnerUser);
        confirmTheLinkToTheExistingAccount();
        driver.open(Mailbox.actionLinkIn(mailbox.nth(before + 1)));

        assertTrue(browser.showsTotpCodeForm(), "the mailbox alone does not link: " + browser.pageText());
        assertTrue(linksOf(user).isEmpty(), "no link before the local second factor");
        browser.enterTotp(AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32).currentCode());
        assertNotNull(oauth.parseLoginResponse().getCode(), "asked once: " + browser.pageText());
        assertEquals(1, linksOf(user).size());
    }

    /**
     * A SAML provider's assertion is not read for its MFA, even with the step accepting the provider's MFA and the
     * partner asking for its app: the user is asked here too.
     */
    @Test
    void aUserLinkedToThePartnersSamlProviderIsAskedForTheAppAfterThePartnersLoginWhateverThePartnerAsked()
            throws Exception {
        requireForEveryone("totp");
        acceptThePartnersMfa(true);
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "samllinked");
        String partnerUser = DemoRealm.createUserWithAuthenticatorApp(partner, "samlpat");
        linkTo(PARTNER_SAML, user, partnerUser, partnerUser); // SAML's NameID: the partner's username
        partnerAsksForTheApp(partnerUser);
        AuthenticatorApp app = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32);

        logInAtThePartner(PARTNER_SAML, partnerUser);
        assertTrue(browser.showsTotpCodeForm(), "the partner's own second factor: " + browser.pageText());
        browser.enterTotp(app.currentCode());

        assertTrue(browser.showsTotpCodeForm(), "asked here after the partner's SAML login: " + browser.pageText());
        assertTrue(driver.getCurrentUrl().contains("/realms/" + realm.getName() + "/"), driver.getCurrentUrl());
        browser.enterTotp(app.currentCode());
        assertEquals("mfa", AppIdToken.afterLogin(realm, oauth).acr());
    }

    @Test
    void theDemoRealmShipsExactlyWhatTheInstallerMakes() throws Exception {
        MfaAdminApi.Reply dryRun = admin(demo).post("flows?dryRun=true", "");

        assertEquals(200, dryRun.status(), dryRun.body());
        assertEquals("[]", dryRun.json().get("changes").toString(), dryRun.body());
    }

    /**
     * The partner runs the bundle too: its installed flows (with the amr mapper every client gets), the app required of
     * this one user, so its ID token says {@code amr: [pwd, otp, mfa]}.
     */
    private void partnerAsksForTheApp(String partnerUser) throws Exception {
        MfaAdminApi partnerAdmin = admin(partner);
        assertEquals(200, partnerAdmin.post("flows", "").status());
        String id = partner.admin().users().search(partnerUser, true).get(0).getId();
        MfaAdminApi.Reply policy = partnerAdmin.put(MfaAdminApi.policyPath("user:" + id),
                "{\"enforcement\":\"required\",\"methods\":[\"totp\"]}");
        assertEquals(204, policy.status(), policy.body());
    }

    /**
     * A partner user with the email address of {@code user} of this realm; with {@code app}, the authenticator app
     * too.
     */
    private String createAtThePartnerWithTheEmailOf(String user, boolean app) {
        String partnerUser = app ? DemoRealm.createUserWithAuthenticatorApp(partner, "other")
                : DemoRealm.createUser(partner, "other");
        String id = partner.admin().users().search(partnerUser, true).get(0).getId();
        UserRepresentation other = partner.admin().users().get(id).toRepresentation();
        other.setEmail(realm.admin().users().get(DemoRealm.userId(realm, user)).toRepresentation().getEmail());
        partner.admin().users().get(id).update(other);
        return partnerUser;
    }

    /** Keycloak's page "Account already exists": link the partner's account to it. */
    private void confirmTheLinkToTheExistingAccount() {
        assertFalse(driver.driver().findElements(By.id("linkAccount")).isEmpty(), browser.pageText());
        driver.findElement(By.id("linkAccount")).click();
    }

    private List<FederatedIdentityRepresentation> linksOf(String user) {
        return realm.admin().users().get(DemoRealm.userId(realm, user)).getFederatedIdentity();
    }

    /** The post-broker-login flow's step setting "Identity providers: accept their MFA". */
    private void acceptThePartnersMfa(boolean accept) {
        AuthenticationExecutionInfoRepresentation step = realm.admin().flows().getExecutions("mfa post broker login")
                .stream().filter(e -> "mfa-second-factor".equals(e.getProviderId())).findFirst().orElseThrow();
        AuthenticatorConfigRepresentation config = new AuthenticatorConfigRepresentation();
        config.setAlias("post broker " + UUID.randomUUID().toString().substring(0, 8));
        config.setConfig(new HashMap<>(Map.of("broker.acceptUpstreamMfa", String.valueOf(accept))));
        realm.admin().flows().newExecutionConfig(step.getId(), config).close();
    }

    private void requireForEveryone(String method) {
        realm.updateWithCleanup(r -> r.attribute("mfa.policy.default",
                "{\"enforcement\":\"required\",\"methods\":[\"" + method + "\"]}"));
    }

    private MfaAdminApi admin(ManagedRealm target) {
        return new MfaAdminApi(target, adminClient.tokenManager().getAccessTokenString());
    }

    /**
     * From a fresh login to the test app (signed out here and at the partner): the partner's button on the login
     * page, then the partner's own login.
     */
    private void logInAtThePartner(String partnerUser) {
        logInAtThePartner(PARTNER, partnerUser);
    }

    /** As {@link #logInAtThePartner(String)}, through the provider {@code provider}. */
    private void logInAtThePartner(String provider, String partnerUser) {
        new LoginBrowser(driver, oauth, partner).signOut();
        browser.signOut();
        driver.open(oauth.loginForm().uiLocales("en").build());
        driver.findElement(By.id("social-" + provider)).click();
        assertTrue(driver.getCurrentUrl().contains("/realms/" + partner.getName() + "/"), driver.getCurrentUrl());
        LoginPage login = new LoginPage(driver);
        PageFactory.initElements(driver.driver(), login);
        login.fillLogin(partnerUser, partnerUser);
        login.submit();
    }

    private void linkToPartner(String user, String partnerUser) {
        linkTo(PARTNER, user, partner.admin().users().search(partnerUser, true).get(0).getId(), partnerUser);
    }

    /** Links {@code user} to the provider's account {@code externalId}, as an admin does. */
    private void linkTo(String provider, String user, String externalId, String externalName) {
        FederatedIdentityRepresentation link = new FederatedIdentityRepresentation();
        link.setIdentityProvider(provider);
        link.setUserId(externalId);
        link.setUserName(externalName);
        realm.admin().users().get(DemoRealm.userId(realm, user)).addFederatedIdentity(provider, link).close();
    }

    /** The partner realm as this realm's OIDC provider, through its client {@code downstream}. */
    private IdentityProviderRepresentation partnerAsProvider() {
        String oidc = partner.getBaseUrl() + "/protocol/openid-connect";
        IdentityProviderRepresentation provider = new IdentityProviderRepresentation();
        provider.setAlias(PARTNER);
        provider.setDisplayName("Partner");
        provider.setProviderId("oidc");
        provider.setEnabled(true);
        provider.setConfig(Map.of("authorizationUrl", oidc + "/auth", "tokenUrl", oidc + "/token",
                "userInfoUrl", oidc + "/userinfo", "clientId", PartnerRealm.CLIENT,
                "clientSecret", PartnerRealm.SECRET, "clientAuthMethod", "client_secret_post",
                "defaultScope", "openid profile email", "syncMode", "IMPORT"));
        return provider;
    }

    /**
     * The partner realm as this realm's SAML provider, through its SAML client {@link PartnerRealm#SAML_CLIENT}: the
     * partner's username as NameID, responses signed by the partner but not checked here, requests unsigned.
     */
    private IdentityProviderRepresentation partnerAsSamlProvider() {
        IdentityProviderRepresentation provider = new IdentityProviderRepresentation();
        provider.setAlias(PARTNER_SAML);
        provider.setDisplayName("Partner (SAML)");
        provider.setProviderId("saml");
        provider.setEnabled(true);
        provider.setConfig(Map.of("singleSignOnServiceUrl", partner.getBaseUrl() + "/protocol/saml",
                "idpEntityId", partner.getBaseUrl(), "entityId", PartnerRealm.SAML_CLIENT,
                "nameIDPolicyFormat", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
                "principalType", "SUBJECT", "postBindingResponse", "true", "postBindingAuthnRequest", "true",
                "validateSignature", "false", "wantAuthnRequestsSigned", "false", "syncMode", "IMPORT"));
        return provider;
    }

    /** A realm as an admin creates it: Keycloak's own flows, mail and password reset on, nothing of the bundle's. */
    public static final class PlainRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.name("installed").resetPasswordAllowed(true).eventsEnabled(true)
                    .smtp("localhost", 3025, "keycloak@installed.example.org");
        }
    }

    /** The identity provider's own realm, with the client our realm logs in through. */
    public static final class PartnerRealm implements RealmConfig {
        static final String CLIENT = "downstream";
        static final String SECRET = "downstream-secret";
        /** The SAML client, named as the service provider's entity id our SAML provider sends. */
        static final String SAML_CLIENT = "downstream-saml";

        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.name(PARTNER).clients(ClientBuilder.create(CLIENT).secret(SECRET).redirectUris("*"),
                    ClientBuilder.create(SAML_CLIENT).protocol("saml").redirectUris("*")
                            .attribute("saml.client.signature", "false")
                            .attribute("saml_name_id_format", "username")
                            .attribute("saml_force_name_id_format", "true"));
        }
    }
}
