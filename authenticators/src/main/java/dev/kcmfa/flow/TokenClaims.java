package dev.kcmfa.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.kcmfa.apps.AuthenticationMethodsMapper;
import dev.kcmfa.core.LoginStrength;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.Constants;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCLoginProtocolFactory;
import org.keycloak.protocol.oidc.mappers.AmrProtocolMapper;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.util.JsonSerialization;

/**
 * What the installer sets up so that apps' tokens say what the login proved (docs/apps.md): the realm's ACR-to-LoA
 * mapping naming the step's two levels, the bundle's amr mapper in Keycloak's {@code acr} client scope (a default
 * scope of every OIDC client, the one that already carries {@code acr}), and Keycloak's own reference {@code pwd} on
 * the password steps. Each is added only where missing: a mapping, a mapper or a step setting an admin made is the
 * realm's own.
 */
final class TokenClaims {

    /** The realm's ACR-to-LoA mapping as installed: the level the step sets without and with a second factor. */
    static final Map<String, Integer> LOA_MAP = loaMap();

    /** The steps that check the password, and the reference Keycloak's amr gives each (RFC 8176 {@code pwd}). */
    private static final Map<String, String> REFERENCES = Map.of(
            "auth-username-password-form", "pwd",
            "direct-grant-validate-password", "pwd");

    /**
     * How long (s) Keycloak keeps listing the password in tokens of the session: Keycloak's default longest SSO
     * session (10 h), so a token refreshed later in the day still says how the session began.
     */
    private static final String REFERENCE_MAX_AGE = "36000";

    private TokenClaims() {
    }

    /** In level order, as an admin reads it in the realm's settings. */
    private static Map<String, Integer> loaMap() {
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put("pwd", LoginStrength.PASSWORD);
        map.put("mfa", LoginStrength.SECOND_FACTOR);
        return Collections.unmodifiableMap(map);
    }

    static boolean loaMapMissing(RealmModel realm) {
        return AcrUtils.getAcrLoaMap(realm).isEmpty();
    }

    static void addLoaMap(RealmModel realm) {
        try {
            realm.setAttribute(Constants.ACR_LOA_MAP, JsonSerialization.writeValueAsString(LOA_MAP));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keycloak's {@code acr} client scope when it holds no amr mapper of the bundle's; null otherwise (or if gone). */
    static ClientScopeModel acrScopeWithoutAmrMapper(RealmModel realm) {
        ClientScopeModel scope = KeycloakModelUtils.getClientScopeByName(realm, OIDCLoginProtocolFactory.ACR_SCOPE);
        boolean hasMapper = scope != null && scope.getProtocolMappersStream()
                .anyMatch(mapper -> AuthenticationMethodsMapper.PROVIDER_ID.equals(mapper.getProtocolMapper()));
        return hasMapper ? null : scope;
    }

    static void addAmrMapper(ClientScopeModel scope) {
        ProtocolMapperModel mapper = AmrProtocolMapper.create("amr", true, true);
        mapper.setProtocolMapper(AuthenticationMethodsMapper.PROVIDER_ID);
        scope.addProtocolMapper(mapper);
    }

    /** The reference Keycloak's amr gives a step that runs {@code authenticator}; null for the others. */
    static String referenceOf(String authenticator) {
        return REFERENCES.get(authenticator);
    }

    /** Whether this step checks the password but has no settings of its own to name it in tokens. */
    static boolean lacksReference(AuthenticationExecutionModel execution) {
        return !execution.isAuthenticatorFlow() && referenceOf(execution.getAuthenticator()) != null
                && execution.getAuthenticatorConfig() == null;
    }

    /** Gives a password step of {@code flowAlias} Keycloak's reference setting ("Authentication Reference"). */
    static void addReference(RealmModel realm, String flowAlias, AuthenticationExecutionModel execution) {
        AuthenticatorConfigModel config = new AuthenticatorConfigModel();
        config.setAlias(flowAlias + " password reference");
        config.setConfig(new LinkedHashMap<>(Map.of(
                Constants.AUTHENTICATION_EXECUTION_REFERENCE_VALUE, referenceOf(execution.getAuthenticator()),
                Constants.AUTHENTICATION_EXECUTION_REFERENCE_MAX_AGE, REFERENCE_MAX_AGE)));
        execution.setAuthenticatorConfig(realm.addAuthenticatorConfig(config).getId());
        realm.updateAuthenticatorExecution(execution);
    }
}
