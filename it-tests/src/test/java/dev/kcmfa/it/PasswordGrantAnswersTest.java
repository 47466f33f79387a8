package dev.kcmfa.it;

import static dev.kcmfa.it.MfaAdminApi.policyPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.events.EventType;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.keycloak.testframework.util.ApiUtil;

/**
 * What a standard tool gets from the demo realm's password grant (client {@code demo-cli}) for each kind of demo
 * user: every refusal is OAuth JSON, {@code invalid_grant} with a sentence saying which factor is missing and how to
 * send it, never a page or a server error, whatever the tool sends.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class PasswordGrantAnswersTest {

    static final String SEND_OTP =
            "This account requires a one-time code from its authenticator app: send it as the otp parameter.";
    static final String WRONG_OTP = "Invalid authenticator app code.";
    static final String EMAIL_NEEDS_BROWSER = "This account's second factor is a code sent by email, which cannot "
            + "be used with the password grant: sign in through the browser.";
    static final String DUO_NOT_SET_UP =
            "Duo is not set up correctly on this server; please contact your administrator.";
    static final String NO_PHONE_YET =
            "Push approval is required but no phone is enrolled: sign in once with a browser to set one up.";

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak adminClient;

    @InjectEvents
    Events events;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectWebDriver
    ManagedWebDriver driver;

    @BeforeEach
    void forgetEarlierEvents() {
        events.clear();
    }

    @Test
    void anAppUserWithoutACodeIsToldToSendItAsOtp() throws Exception {
        String engineer = DemoRealm.createUserWithAuthenticatorApp(realm, "app", DemoRealm.ENGINEERING);

        PasswordGrant.assertRefused(grant(engineer, Map.of()), SEND_OTP);
    }

    @Test
    void aWrongOrGarbledCodeIsAnInvalidGrantNeverAServerError() throws Exception {
        AuthenticatorApp app = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32);
        for (String code : List.of(app.wrongCode(), "abcdef", "12345", "1234567", "１２３４５６", "1".repeat(5000),
                "' OR '1'='1", "\u0000", "%", "")) {
            // a user per code: several wrong codes in a row would lock the user (Keycloak's quick-login check)
            String engineer = DemoRealm.createUserWithAuthenticatorApp(realm, "garbled", DemoRealm.ENGINEERING);

            PasswordGrant.assertRefused(grant(engineer, Map.of("otp", code)), code.isEmpty() ? SEND_OTP : WRONG_OTP);
        }
    }

    @Test
    void anEmailOnlyUserIsToldToSignInThroughTheBrowser() throws Exception {
        String contractor = DemoRealm.createUser(realm, "contractor", DemoRealm.CONTRACTORS);

        PasswordGrant.assertRefused(grant(contractor, Map.of("otp", "123456")), EMAIL_NEEDS_BROWSER);
        EventRepresentation refused = LoginEvents.next(events, EventType.LOGIN_ERROR);
        assertEquals("mfa_needs_browser", refused.getError());
        assertEquals("email", refused.getDetails().get("mfa_method"));
    }

    @Test
    void aUserWhosePolicyAllowsEmailAndAnAppIsAskedForTheAppCode() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "emailfirst", DemoRealm.GUESTS);
        MfaAdminApi admin = new MfaAdminApi(realm, adminClient.tokenManager().getAccessTokenString());
        String scope = policyPath("user:" + DemoRealm.userId(realm, user));
        assertEquals(204, admin.put(scope, "{\"enforcement\":\"required\",\"methods\":[\"email\",\"totp\"]}")
                .status());
        try {
            PasswordGrant.assertRefused(grant(user, Map.of()), SEND_OTP);
            HttpResponse<String> tokens = grant(user, Map.of("otp",
                    AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32).currentCode()));
            assertEquals(200, tokens.statusCode(), tokens.body());
        } finally {
            admin.delete(scope);
        }
    }

    @Test
    void aDuoUserWhereDuoIsNotSetUpIsToldToContactTheAdministrator() throws Exception {
        String partner = DemoRealm.createUser(realm, "partner", DemoRealm.PARTNERS);

        PasswordGrant.assertRefused(grant(partner, Map.of()), DUO_NOT_SET_UP);
        PasswordGrant.assertRefused(grant(partner, Map.of("duo_passcode", "x\u0000' \"<>".repeat(100))), DUO_NOT_SET_UP);
    }

    @Test
    void aUserWhoMustEnrollIsToldToSetUpTheFactorInTheBrowser() throws Exception {
        String mobile = DemoRealm.createUser(realm, "nophone", DemoRealm.MOBILE);

        PasswordGrant.assertRefused(grant(mobile, Map.of("push_number", "4x", "otp", "123456")), NO_PHONE_YET);
    }

    @Test
    void theNoUsableMethodStepRefusesATokenRequestInOAuthJsonWhereKeycloaksDenyAccessAnswersAPage() throws Exception {
        realm.dirty();

        HttpResponse<String> denyAccess = grantThroughFlowEndingWith("deny-access-authenticator");
        HttpResponse<String> noUsableMethod = grantThroughFlowEndingWith("mfa-no-usable-method");

        assertTrue(denyAccess.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                "why the demo's direct grant flow does not use Deny access: " + denyAccess.body());
        PasswordGrant.assertRefused(noUsableMethod, "This account's MFA policy allows no second factor that this "
                + "server can check; please contact your administrator.");
    }

    @Test
    void inABrowserTheNoUsableMethodStepShowsAPageSayingSo() {
        realm.dirty();
        String flowId = flow("browser ends with mfa-no-usable-method", "auth-username-password-form",
                "mfa-no-usable-method");
        ClientRepresentation app = realm.admin().clients().findByClientId(oauth.config().getClientId()).get(0);
        app.setAuthenticationFlowBindingOverrides(Map.of("browser", flowId));
        realm.admin().clients().get(app.getId()).update(app);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);

        browser.logInWithPassword("dave");

        assertTrue(browser.pageText().contains("Your organisation requires a second factor that this sign-in page "
                + "cannot offer you."), browser.pageText());
        assertFalse(driver.getCurrentUrl().contains("code="), "no authorization code");
        assertEquals("access_denied", LoginEvents.next(events, EventType.LOGIN_ERROR).getError());
    }

    @Test
    void aToolUsingAnOAuthLibraryReadsWhatIsMissingAndGetsTokensWithIt() throws Exception {
        String engineer = DemoRealm.createUserWithAuthenticatorApp(realm, "library", DemoRealm.ENGINEERING);
        URI tokenEndpoint = URI.create(realm.getBaseUrl() + "/protocol/openid-connect/token");
        ResourceOwnerPasswordCredentialsGrant password =
                new ResourceOwnerPasswordCredentialsGrant(engineer, new Secret(engineer));

        TokenResponse first = TokenResponse.parse(
                new TokenRequest.Builder(tokenEndpoint, new ClientID("demo-cli"), password).build().toHTTPRequest()
                        .send());

        ErrorObject error = assertInstanceOf(TokenErrorResponse.class, first).getErrorObject();
        assertEquals(OAuth2Error.INVALID_GRANT.getCode(), error.getCode());
        assertEquals(400, error.getHTTPStatusCode());
        assertEquals(SEND_OTP, error.getDescription());

        TokenResponse second = TokenResponse.parse(new TokenRequest.Builder(tokenEndpoint, new ClientID("demo-cli"),
                password).customParameter("otp", AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32)
                .currentCode()).build().toHTTPRequest().send());

        assertTrue(second.indicatesSuccess(), () -> second.toErrorResponse().getErrorObject().toString());
        AccessTokenResponse tokens = second.toSuccessResponse();
        assertFalse(tokens.getTokens().getAccessToken().getValue().isEmpty());
    }

    /**
     * The password grant of dave (MFA off) through a direct grant flow of username, password and then {@code step},
     * bound to a client of its own.
     */
    private HttpResponse<String> grantThroughFlowEndingWith(String step) throws Exception {
        String flowId = flow(step, "direct-grant-validate-username", "direct-grant-validate-password", step);
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId("tool-" + step);
        client.setPublicClient(true);
        client.setDirectAccessGrantsEnabled(true);
        client.setAuthenticationFlowBindingOverrides(Map.of("direct_grant", flowId));
        ApiUtil.getCreatedId(realm.admin().clients().create(client));
        return PasswordGrant.send(realm, "client_id=" + client.getClientId(), "dave", Map.of());
    }

    /** A top-level flow of the given steps, each required; returns its id. */
    private String flow(String alias, String... steps) {
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(alias);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        String flowId;
        try (Response created = realm.admin().flows().createFlow(flow)) {
            flowId = ApiUtil.getCreatedId(created);
        }
        for (String step : steps) {
            realm.admin().flows().addExecution(alias, Map.of("provider", step));
        }
        for (AuthenticationExecutionInfoRepresentation execution : realm.admin().flows().getExecutions(alias)) {
            execution.setRequirement("REQUIRED");
            realm.admin().flows().updateExecutions(alias, execution);
        }
        return flowId;
    }

    /** The demo's command-line client's password grant, as curl sends it, with the factor's fields as given. */
    private HttpResponse<String> grant(String username, Map<String, String> factorFields) throws Exception {
        return PasswordGrant.send(realm, PasswordGrant.DEMO_CLI, username, factorFields);
    }
}
