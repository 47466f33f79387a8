package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.onelogin.saml2.authn.AuthnRequest;
import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.http.HttpRequest;
import com.onelogin.saml2.model.SamlResponseStatus;
import com.onelogin.saml2.settings.IdPMetadataParser;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.settings.SettingsBuilder;
import com.onelogin.saml2.util.Util;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.keycloak.testframework.realm.ManagedRealm;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The demo realm's SAML app (client {@code demo-saml-app}) as a service provider on java-saml (OneLogin) runs it:
 * the identity provider's settings (entity id, single sign-on URL, signing certificate) read from the realm's
 * published SAML descriptor, requests on the HTTP-Redirect binding, and an assertion consumer service on loopback
 * where the browser posts the response. java-saml validates that response in strict mode: signatures of the response
 * and of the assertion by the realm's certificate, issuer, destination, recipient, audience, validity times by this
 * machine's clock, and InResponseTo for a login the app started.
 */
final class SamlApp implements AutoCloseable {

    static final String CLIENT_ID = "demo-saml-app";
    /** The client's "IDP-Initiated SSO URL name" ({@code saml_idp_initiated_sso_url_name}). */
    static final String IDP_INITIATED_URL_NAME = "demo-saml-app";
    /** The class the client maps to level 1: a password-only login. */
    static final String PASSWORD_CLASS = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";
    /** The class the client maps to level 2: a login that passed a second factor (the REFEDS MFA profile). */
    static final String MFA_CLASS = "https://refeds.org/profile/mfa";

    private static final String ACS_PATH = "/saml/acs";
    private static final long BROWSER_POSTS_WITHIN_SECONDS = 30;
    private static final String CLASS_REF_XPATH =
            "/samlp:Response/saml:Assertion/saml:AuthnStatement/saml:AuthnContext/saml:AuthnContextClassRef";

    private final ManagedRealm realm;
    private final Map<String, Object> idpSettings;
    private final HttpServer server;
    private final BlockingQueue<String> postedResponses = new LinkedBlockingQueue<>();
    /** The id of the request the app sent last, which the response must answer; null after an IdP-initiated login. */
    private volatile String expectedRequestId;

    private SamlApp(ManagedRealm realm, Map<String, Object> idpSettings) throws Exception {
        this.realm = realm;
        this.idpSettings = idpSettings;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(ACS_PATH, this::consumeAssertion);
        server.start();
    }

    /**
     * Starts the app on a free loopback port and points the demo client's assertion consumer service there, as an
     * admin registers where an app listens (set back after the test).
     */
    static SamlApp start(ManagedRealm realm) throws Exception {
        SamlApp app = new SamlApp(realm,
                IdPMetadataParser.parseRemoteXML(URI.create(descriptorUrl(realm)).toURL()));
        String acs = app.acsUrl();
        realm.updateClientWithCleanup(CLIENT_ID,
                c -> c.redirectUris(acs).attribute("saml_assertion_consumer_url_post", acs));
        return app;
    }

    static String descriptorUrl(ManagedRealm realm) {
        return realm.getBaseUrl() + "/protocol/saml/descriptor";
    }

    /** Where the app sends the browser to sign in: an AuthnRequest without a requested context. */
    String loginUrl() throws Exception {
        return loginUrl(settings(List.of(), "exact"));
    }

    /** The same, the request asking for an authentication context class ({@code exact}, {@code minimum}, ...). */
    String loginUrlAskingFor(String classRef, String comparison) throws Exception {
        return loginUrl(settings(List.of(classRef), comparison));
    }

    /** Keycloak's IdP-initiated login of the client: no request, so the response answers none. */
    String idpInitiatedUrl() {
        expectedRequestId = null;
        return realm.getBaseUrl() + "/protocol/saml/clients/" + IDP_INITIATED_URL_NAME;
    }

    /** The response the browser posted to the app, as java-saml reads and validates it. */
    Login receivedLogin() throws Exception {
        String posted = postedResponses.poll(BROWSER_POSTS_WITHIN_SECONDS, TimeUnit.SECONDS);
        assertNotNull(posted, "the browser posted a SAML response to the app within "
                + BROWSER_POSTS_WITHIN_SECONDS + " s");
        SamlResponse response = new SamlResponse(settings(List.of(), "exact"),
                new HttpRequest(acsUrl(), Map.of("SAMLResponse", List.of(posted)), ""));
        boolean valid = response.isValid(expectedRequestId);
        Document document = Util.convertStringToDocument(response.getSAMLResponseXml());
        return new Login(valid, response.getError(), status(document),
                valid ? response.getNameId() : null, valid ? classRef(document) : null);
    }

    /**
     * What the app learned from a response: whether java-saml accepted it (and why not), its status
     * ({@code urn:...:status:Success}, or the top-level code and the second-level one), and, from an accepted one,
     * the user's NameID and the assertion's AuthnContextClassRef.
     */
    record Login(boolean valid, String error, String status, String nameId, String authnContextClassRef) {
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private String acsUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + ACS_PATH;
    }

    private String loginUrl(Saml2Settings settings) throws Exception {
        AuthnRequest request = new AuthnRequest(settings);
        expectedRequestId = request.getId();
        return settings.getIdpSingleSignOnServiceUrl() + "?SAMLRequest="
                + URLEncoder.encode(request.getEncodedAuthnRequest(), StandardCharsets.UTF_8);
    }

    private Saml2Settings settings(List<String> requestedClasses, String comparison) {
        Map<String, Object> values = new HashMap<>(idpSettings);
        values.put(SettingsBuilder.STRICT_PROPERTY_KEY, true);
        values.put(SettingsBuilder.SP_ENTITYID_PROPERTY_KEY, CLIENT_ID);
        values.put(SettingsBuilder.SP_ASSERTION_CONSUMER_SERVICE_URL_PROPERTY_KEY, acsUrl());
        // the metadata parser proposes the IdP's first NameID format (transient, a random id); the app asks for
        // "unspecified", which Keycloak answers with the username
        values.put(SettingsBuilder.SP_NAMEIDFORMAT_PROPERTY_KEY, "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified");
        values.put(SettingsBuilder.SECURITY_WANT_MESSAGES_SIGNED, true);
        values.put(SettingsBuilder.SECURITY_WANT_ASSERTIONS_SIGNED, true);
        values.put(SettingsBuilder.SECURITY_REQUESTED_AUTHNCONTEXT, requestedClasses);
        values.put(SettingsBuilder.SECURITY_REQUESTED_AUTHNCONTEXTCOMPARISON, comparison);
        return new SettingsBuilder().fromValues(values).build();
    }

    private void consumeAssertion(HttpExchange exchange) throws IOException {
        String posted = FakeServerHttp.form(exchange).get("SAMLResponse");
        if (posted != null) {
            postedResponses.add(posted);
        }
        FakeServerHttp.reply(exchange, posted == null ? 400 : 200, Map.of("samlResponseReceived", posted != null));
    }

    private static String status(Document document) throws Exception {
        SamlResponseStatus status = SamlResponse.getStatus(document);
        return status.getSubStatusCode() == null ? status.getStatusCode()
                : status.getStatusCode() + " " + status.getSubStatusCode();
    }

    private static String classRef(Document document) throws Exception {
        NodeList refs = Util.query(document, CLASS_REF_XPATH);
        return refs.getLength() == 1 ? refs.item(0).getTextContent().trim() : null;
    }
}
