package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.util.JsonSerialization;

/**
 * {@code POST /admin/realms/{realm}/mfa/flows} on a new, empty realm of the real server: the recommended flows in
 * their exact shape, the user-profile attribute of the users' default method, the bindings, idempotence, dry runs,
 * {@code bind=false}, identity providers, rebuilding a flow that differs, an admin's own version of the attribute,
 * and who may call it. (Logins through the installed flows need the "MFA - second factor" step.)
 */
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class FlowInstallerTest {

    private static final String BROWSER = "mfa browser";
    private static final String DIRECT_GRANT = "mfa direct grant";
    private static final String RESET = "mfa reset credentials";
    private static final String FIRST_BROKER = "mfa first broker login";
    private static final String POST_BROKER = "mfa post broker login";
    private static final String DEFAULT_METHOD = "mfa.default-method";
    private static final String ATTRIBUTE_CREATED =
            "{\"userProfileAttribute\":\"mfa.default-method\",\"action\":\"created\"}";
    private static final String LOA_MAP_CREATED =
            "{\"realmAttribute\":\"acr.loa.map\",\"value\":{\"pwd\":1,\"mfa\":2},\"action\":\"created\"}";
    private static final String AMR_MAPPER_CREATED =
            "{\"clientScope\":\"acr\",\"protocolMapper\":\"mfa-amr-mapper\",\"action\":\"created\"}";
    /** The admin API masks the values of settings a step does not declare: InstalledFlowsTest reads them in tokens. */
    private static final Set<String> PASSWORD_REFERENCE_NAMES = Set.of("default.reference.value", "default.reference.maxAge");

    @InjectAdminClient
    Keycloak adminClient;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    String name;
    RealmResource realm;
    MfaAdminApi admin;

    @BeforeEach
    void newEmptyRealm() {
        realm = EmptyRealm.create(adminClient, "installer");
        name = realm.toRepresentation().getRealm();
        admin = MfaAdminApi.ofServer(urls.getBase(), name, adminClient.tokenManager().getAccessTokenString());
    }

    @AfterEach
    void removeRealm() {
        realm.remove();
    }

    @Test
    void onAnEmptyRealmItCreatesTheFiveFlowsInTheirExactShapeAndBindsThem() throws Exception {
        JsonNode reply = install("flows");

        assertEquals(List.of(
                "{\"flow\":\"mfa browser\",\"action\":\"created\"}",
                "{\"flow\":\"mfa direct grant\",\"action\":\"created\"}",
                "{\"flow\":\"mfa reset credentials\",\"action\":\"created\"}",
                "{\"flow\":\"mfa first broker login\",\"action\":\"created\"}",
                "{\"flow\":\"mfa post broker login\",\"action\":\"created\"}",
                ATTRIBUTE_CREATED,
                LOA_MAP_CREATED,
                AMR_MAPPER_CREATED,
                "{\"binding\":\"browserFlow\",\"from\":\"browser\",\"to\":\"mfa browser\"}",
                "{\"binding\":\"directGrantFlow\",\"from\":\"direct grant\",\"to\":\"mfa direct grant\"}",
                "{\"binding\":\"resetCredentialsFlow\",\"from\":\"reset credentials\",\"to\":\"mfa reset credentials\"}",
                "{\"binding\":\"firstBrokerLoginFlow\",\"from\":\"first broker login\","
                        + "\"to\":\"mfa first broker login\"}"),
                changes(reply));
        assertEquals(false, reply.get("dryRun").asBoolean());
        assertEquals(List.of("auth-cookie ALTERNATIVE", "mfa browser forms ALTERNATIVE",
                "  mfa browser password CONDITIONAL", "    conditional-level-of-authentication REQUIRED",
                "    auth-username-password-form REQUIRED", "  mfa-second-factor REQUIRED"), outline(BROWSER));
        assertEquals(List.of("direct-grant-validate-username REQUIRED", "direct-grant-validate-password REQUIRED",
                "mfa-second-factor REQUIRED"), outline(DIRECT_GRANT));
        assertEquals(List.of("reset-credentials-choose-user REQUIRED", "reset-credential-email REQUIRED",
                "mfa-second-factor REQUIRED", "reset-password REQUIRED"), outline(RESET));
        assertEquals(List.of("idp-review-profile REQUIRED", "mfa first broker login user creation or linking REQUIRED",
                "  idp-create-user-if-unique ALTERNATIVE", "  mfa first broker login existing account ALTERNATIVE",
                "    idp-confirm-link REQUIRED", "    mfa first broker login account verification REQUIRED",
                "      idp-email-verification ALTERNATIVE", "      idp-username-password-form ALTERNATIVE",
                "mfa-second-factor REQUIRED"), outline(FIRST_BROKER));
        assertEquals(List.of("mfa-second-factor REQUIRED"), outline(POST_BROKER));
        assertEquals(List.of(BROWSER, DIRECT_GRANT, RESET, FIRST_BROKER), bindings());
        assertEquals(1, installEvents().size(), "one admin event for the call");
        UPConfig profile = realm.users().userProfile().getConfiguration();
        assertEquals(List.of("username", "email", "firstName", "lastName", DEFAULT_METHOD),
                profile.getAttributes().stream().map(UPAttribute::getName).toList(), "Keycloak's own kept, ours added");
        UPAttribute defaultMethod = profile.getAttribute(DEFAULT_METHOD);
        assertEquals("${mfaDefaultMethod}", defaultMethod.getDisplayName());
        assertEquals(Map.of("options", Map.of("options",
                        List.of("push", "totp", "email", "duo", "webauthn", "passkey", "yubikey", "sms", "voice"))),
                defaultMethod.getValidations());
        assertEquals(Map.of("inputType", "select", "inputOptionLabelsI18nPrefix", "mfaMethod",
                "inputHelperTextBefore", "${mfaDefaultMethodHelp}"), defaultMethod.getAnnotations());
        assertEquals(Set.of("user", "admin"), defaultMethod.getPermissions().getView());
        assertEquals(Set.of("user", "admin"), defaultMethod.getPermissions().getEdit());
        assertNull(defaultMethod.getRequired(), "no one must set it");
        assertFalse(defaultMethod.isMultivalued());
    }

    @Test
    void tokensOfTheInstalledFlowsSayTheLevelByNameTheFactorsInAmrAndThePasswordAsPwd() throws Exception {
        install("flows");

        assertEquals("{\"pwd\":1,\"mfa\":2}", realm.toRepresentation().getAttributes().get("acr.loa.map"));
        ClientScopeRepresentation acr = realm.clientScopes().findAll().stream()
                .filter(scope -> "acr".equals(scope.getName())).findFirst().orElseThrow();
        assertEquals(Set.of("oidc-acr-mapper", "mfa-amr-mapper"),
                acr.getProtocolMappers().stream().map(ProtocolMapperRepresentation::getProtocolMapper)
                        .collect(Collectors.toSet()),
                "Keycloak's acr mapper kept, the bundle's amr mapper beside it");
        assertEquals(PASSWORD_REFERENCE_NAMES, settingNames(BROWSER, "auth-username-password-form"));
        assertEquals(Set.of("loa-condition-level", "loa-max-age"),
                settingNames(BROWSER, "conditional-level-of-authentication"), "the password is level 1");
        assertEquals(PASSWORD_REFERENCE_NAMES, settingNames(DIRECT_GRANT, "direct-grant-validate-password"));
    }

    @Test
    void aRealmWithTheAmrMapperOnAClientAlreadyGetsNoSecondOneInTheAcrScope() throws Exception {
        ClientRepresentation app = new ClientRepresentation();
        app.setClientId("app-with-amr");
        ProtocolMapperRepresentation amr = new ProtocolMapperRepresentation();
        amr.setName("amr");
        amr.setProtocol("openid-connect");
        amr.setProtocolMapper("mfa-amr-mapper");
        app.setProtocolMappers(List.of(amr));
        realm.clients().create(app).close();

        List<String> changes = changes(install("flows"));

        assertFalse(changes.contains(AMR_MAPPER_CREATED), "where the mapper goes is the admin's choice: " + changes);
        assertTrue(changes.contains(LOA_MAP_CREATED), changes.toString());
    }

    @Test
    void flowsInstalledBeforeThePasswordStepsNamedThemselvesGetTheReferenceAndAnAdminsMappingIsKept() throws Exception {
        install("flows");
        String password = realm.flows().getExecutions(DIRECT_GRANT).stream()
                .filter(e -> "direct-grant-validate-password".equals(e.getProviderId())).findFirst().orElseThrow()
                .getAuthenticationConfig();
        realm.flows().removeAuthenticatorConfig(password);
        realm.update(withAttribute(realm.toRepresentation(), "acr.loa.map", "{\"silver\":1,\"gold\":2}"));

        assertEquals(List.of("{\"step\":\"direct-grant-validate-password\",\"flow\":\"mfa direct grant\","
                + "\"settings\":{\"default.reference.value\":\"pwd\",\"default.reference.maxAge\":\"36000\"},"
                + "\"action\":\"created\"}"), changes(install("flows")));
        assertEquals(PASSWORD_REFERENCE_NAMES, settingNames(DIRECT_GRANT, "direct-grant-validate-password"));
        assertEquals("{\"silver\":1,\"gold\":2}", realm.toRepresentation().getAttributes().get("acr.loa.map"));
        assertEquals(List.of(), changes(install("flows")));
    }

    @Test
    void aSecondCallReportsNoChangesAndChangesNothing() throws Exception {
        install("flows");
        String before = flowsAndBindings();

        JsonNode again = install("flows");

        assertEquals(List.of(), changes(again));
        assertEquals(before, flowsAndBindings(), "flows, their ids, executions and bindings as they were");
        assertEquals(1, installEvents().size(), "no admin event for a call that changed nothing");
    }

    @Test
    void aDryRunReportsWhatItWouldDoAndCreatesNothing() throws Exception {
        String before = flowsAndBindings();

        JsonNode dryRun = install("flows?dryRun=true");

        assertTrue(dryRun.get("dryRun").asBoolean());
        assertEquals(12, changes(dryRun).size(), dryRun.toString());
        assertEquals("{\"flow\":\"mfa browser\",\"action\":\"created\"}", changes(dryRun).get(0));
        assertEquals(ATTRIBUTE_CREATED, changes(dryRun).get(5));
        assertEquals(before, flowsAndBindings());
        assertNull(flows().get(BROWSER));
        assertNull(realm.users().userProfile().getConfiguration().getAttribute(DEFAULT_METHOD));
        assertNull(realm.toRepresentation().getAttributes().get("acr.loa.map"));
        assertEquals(List.of(), installEvents());
        assertEquals(changes(dryRun), changes(install("flows")), "the real call does what the dry run said");
    }

    @Test
    void withBindFalseTheFlowsAreInstalledAndTheRealmKeepsItsBindings() throws Exception {
        JsonNode reply = install("flows?bind=false");

        assertEquals(8, changes(reply).size(), reply.toString());
        assertEquals(List.of(ATTRIBUTE_CREATED, LOA_MAP_CREATED, AMR_MAPPER_CREATED), changes(reply).subList(5, 8),
                "the attribute, the mapping and the mapper are no bindings");
        assertEquals(List.of("browser", "direct grant", "reset credentials", "first broker login"), bindings());
        assertEquals(List.of("mfa-second-factor REQUIRED"), outline(POST_BROKER));
        assertEquals(List.of("{\"binding\":\"browserFlow\",\"from\":\"browser\",\"to\":\"mfa browser\"}",
                        "{\"binding\":\"directGrantFlow\",\"from\":\"direct grant\",\"to\":\"mfa direct grant\"}",
                        "{\"binding\":\"resetCredentialsFlow\",\"from\":\"reset credentials\","
                                + "\"to\":\"mfa reset credentials\"}",
                        "{\"binding\":\"firstBrokerLoginFlow\",\"from\":\"first broker login\","
                                + "\"to\":\"mfa first broker login\"}"),
                changes(install("flows")), "a later call binds, and only binds");
    }

    @Test
    void anIdentityProviderAddedBeforeGetsThePostBrokerLoginFlow() throws Exception {
        realm.identityProviders().create(oidcProvider("partner")).close();

        List<String> changes = changes(install("flows"));

        assertTrue(changes.contains("{\"identityProvider\":\"partner\",\"binding\":\"postBrokerLoginFlowAlias\","
                + "\"to\":\"mfa post broker login\"}"), "no from: it had none; " + changes);
        assertEquals(POST_BROKER, realm.identityProviders().get("partner").toRepresentation()
                .getPostBrokerLoginFlowAlias());
        assertEquals(List.of(), changes(install("flows")));
    }

    @Test
    void anIdentityProviderWithAFirstLoginFlowOfItsOwnGetsTheRecommendedOne() throws Exception {
        IdentityProviderRepresentation provider = oidcProvider("partner");
        provider.setFirstBrokerLoginFlowAlias("first broker login");
        realm.identityProviders().create(provider).close();

        List<String> changes = changes(install("flows"));

        assertTrue(changes.contains("{\"identityProvider\":\"partner\",\"binding\":\"firstBrokerLoginFlowAlias\","
                + "\"from\":\"first broker login\",\"to\":\"mfa first broker login\"}"), changes.toString());
        assertEquals(FIRST_BROKER, realm.identityProviders().get("partner").toRepresentation()
                .getFirstBrokerLoginFlowAlias());
        assertEquals(List.of(), changes(install("flows")));
    }

    @Test
    void aFlowOfARecommendedAliasThatDiffersIsRebuiltInPlaceAndStaysBound() throws Exception {
        realm.flows().copy("direct grant", Map.of("newName", DIRECT_GRANT)).close();
        String id = flows().get(DIRECT_GRANT).getId();
        RealmRepresentation bound = realm.toRepresentation();
        bound.setDirectGrantFlow(DIRECT_GRANT);
        realm.update(bound);
        List<String> copied = outline(DIRECT_GRANT);

        List<String> changes = changes(install("flows"));

        assertTrue(changes.contains("{\"flow\":\"mfa direct grant\",\"action\":\"updated\",\"previous\":"
                + JsonSerialization.writeValueAsString(copied) + "}"), changes.toString());
        assertEquals(List.of("direct-grant-validate-username REQUIRED", "direct-grant-validate-password REQUIRED",
                "mfa-second-factor REQUIRED"), outline(DIRECT_GRANT));
        assertEquals(id, flows().get(DIRECT_GRANT).getId(), "the same flow, so every binding to it stays");
        assertTrue(changes.stream().noneMatch(c -> c.contains("directGrantFlow")), changes.toString());
        assertTrue(flows().keySet().stream().noneMatch(a -> a.startsWith(DIRECT_GRANT + " ")),
                "the copy's sub-flow went with its executions: " + flows().keySet());
    }

    @Test
    void anAdminsOwnVersionOfTheAttributeIsLeftAsItIs() throws Exception {
        UPConfig edited = realm.users().userProfile().getConfiguration();
        UPAttribute own = new UPAttribute(DEFAULT_METHOD, new UPAttributePermissions(Set.of("admin"), Set.of("admin")));
        own.setDisplayName("Second factor to ask first");
        own.addValidation("options", Map.of("options", List.of("totp", "email")));
        edited.addOrReplaceAttribute(own);
        realm.users().userProfile().update(edited);
        UPConfig before = realm.users().userProfile().getConfiguration();

        List<String> changes = changes(install("flows"));

        assertFalse(changes.contains(ATTRIBUTE_CREATED), changes.toString());
        assertEquals(11, changes.size(), changes.toString());
        assertEquals(JsonSerialization.writeValueAsString(before),
                JsonSerialization.writeValueAsString(realm.users().userProfile().getConfiguration()));
    }

    @Test
    void aFlowHoldingARecommendedSubFlowsAliasIsAConflictAndNothingIsInstalled() throws Exception {
        realm.flows().copy("browser", Map.of("newName", "mfa browser forms")).close();
        String before = flowsAndBindings();

        MfaAdminApi.Reply reply = admin.post("flows", "");

        assertEquals(409, reply.status(), reply.body());
        assertTrue(reply.body().contains("mfa browser forms"), reply.body());
        assertEquals(before, flowsAndBindings());
    }

    @Test
    void onlyAdminsWhoMayManageTheRealmMayInstall() throws Exception {
        String viewer = DemoRealm.createUser(realm, "viewer");
        String clientId = realm.clients().findByClientId("realm-management").get(0).getId();
        realm.users().get(realm.users().search(viewer, true).get(0).getId()).roles().clientLevel(clientId)
                .add(List.of(realm.clients().get(clientId).roles().get("view-realm").toRepresentation()));
        String before = flowsAndBindings();
        try (Keycloak asViewer = Keycloak.getInstance(urls.getBase(), name, viewer, viewer, "admin-cli")) {
            String token = asViewer.tokenManager().getAccessTokenString();
            assertEquals(200, MfaAdminApi.ofServer(urls.getBase(), name, token).get("policies").status(),
                    "a realm admin, allowed to read");
            assertEquals(403, MfaAdminApi.ofServer(urls.getBase(), name, token).post("flows", "").status());
        }
        assertEquals(401, MfaAdminApi.ofServer(urls.getBase(), name, "not-a-token").post("flows", "").status());
        MfaAdminApi.Reply typo = admin.post("flows?dryRun=yes", "");
        assertEquals(400, typo.status(), typo.body());
        assertTrue(typo.body().contains("dryRun must be true or false"), typo.body());
        assertEquals(before, flowsAndBindings());
    }

    private JsonNode install(String path) throws Exception {
        MfaAdminApi.Reply reply = admin.post(path, "");
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    private static List<String> changes(JsonNode reply) {
        List<String> changes = new ArrayList<>();
        reply.get("changes").forEach(c -> changes.add(c.toString()));
        return changes;
    }

    /** Every flow of the realm (sub-flows too), by alias, as the realm's export holds them. */
    private Map<String, AuthenticationFlowRepresentation> flows() {
        return realm.partialExport(false, false).getAuthenticationFlows().stream()
                .collect(Collectors.toMap(AuthenticationFlowRepresentation::getAlias, Function.identity()));
    }

    /** A flow's steps in order, sub-flows' steps indented under them; every flow a basic one. */
    private List<String> outline(String alias) {
        List<String> lines = new ArrayList<>();
        outline(flows(), alias, "", lines);
        return lines;
    }

    private static void outline(Map<String, AuthenticationFlowRepresentation> flows, String alias, String indent,
                                List<String> lines) {
        assertEquals("basic-flow", flows.get(alias).getProviderId(), alias);
        for (AuthenticationExecutionExportRepresentation step : flows.get(alias).getAuthenticationExecutions()) {
            String name = step.isAuthenticatorFlow() ? step.getFlowAlias() : step.getAuthenticator();
            lines.add(indent + name + " " + step.getRequirement());
            if (step.isAuthenticatorFlow()) {
                outline(flows, name, indent + "  ", lines);
            }
        }
    }

    /** The names of the settings of the step running {@code authenticator} in flow {@code alias} or its sub-flows. */
    private Set<String> settingNames(String alias, String authenticator) {
        String config = realm.flows().getExecutions(alias).stream()
                .filter(step -> authenticator.equals(step.getProviderId())).findFirst().orElseThrow()
                .getAuthenticationConfig();
        return realm.flows().getAuthenticatorConfig(config).getConfig().keySet();
    }

    private static RealmRepresentation withAttribute(RealmRepresentation rep, String name, String value) {
        Map<String, String> attributes = new HashMap<>(rep.getAttributes());
        attributes.put(name, value);
        rep.setAttributes(attributes);
        return rep;
    }

    private List<String> bindings() {
        RealmRepresentation rep = realm.toRepresentation();
        return List.of(rep.getBrowserFlow(), rep.getDirectGrantFlow(), rep.getResetCredentialsFlow(),
                rep.getFirstBrokerLoginFlow());
    }

    /**
     * The realm's flows with their ids and executions, its bindings and its providers', and its user profile, as text
     * to compare.
     */
    private String flowsAndBindings() throws Exception {
        List<AuthenticationFlowRepresentation> flows = realm.partialExport(false, false).getAuthenticationFlows()
                .stream().sorted(Comparator.comparing(AuthenticationFlowRepresentation::getAlias)).toList();
        return JsonSerialization.writeValueAsString(List.of(flows, bindings(),
                realm.identityProviders().findAll().stream().map(p -> String.valueOf(p.getPostBrokerLoginFlowAlias()))
                        .toList(), realm.users().userProfile().getConfiguration()));
    }

    private List<?> installEvents() {
        return realm.getAdminEvents(null, null, null, null, null, "mfa/flows", null, null, 0, 100);
    }

    private static IdentityProviderRepresentation oidcProvider(String alias) {
        IdentityProviderRepresentation provider = new IdentityProviderRepresentation();
        provider.setAlias(alias);
        provider.setProviderId("oidc");
        provider.setEnabled(true);
        provider.setConfig(Map.of("authorizationUrl", "https://partner.example.org/auth",
                "tokenUrl", "https://partner.example.org/token", "clientId", "our-realm",
                "clientSecret", "secret", "clientAuthMethod", "client_secret_post"));
        return provider;
    }
}
