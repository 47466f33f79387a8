package dev.kcmfa.flow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.kcmfa.apps.AuthenticationMethodsMapper;
import dev.kcmfa.core.LoginStrength;
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
 * scope of every OIDC client, the one that already carries {@code acr}) unless the realm has it somewhere already;
 * the password steps' reference is one of the {@link StepSettings}. Each is added only where missing: a mapping or a
 * mapper an admin made is the realm's own.
 */
final class TokenClaims {

    /** The realm's ACR-to-LoA mapping as installed: the level the step sets without and with a second factor. */
    static final Map<String, Integer> LOA_MAP = loaMap();

    /** The name of the mapper the installer adds (and of the claim). */
    private static final String AMR = "amr";

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
        realm.setAttribute(Constants.ACR_LOA_MAP, JsonSerialization.valueAsString(LOA_MAP));
    }

    /**
     * Keycloak's {@code acr} client scope, when the realm has no amr mapper yet; null when it has one (the bundle's or
     * Keycloak's, on that scope, another scope or a client: where it goes is then the admin's choice), or no such
     * scope.
     */
    static ClientScopeModel acrScopeForAmrMapper(RealmModel realm) {
        boolean inAScope = realm.getClientScopesStream()
                .anyMatch(scope -> holdsAmrMapper(scope.getProtocolMappersStream()));
        boolean onAClient = !inAScope && realm.getClientsStream()
                .anyMatch(client -> holdsAmrMapper(client.getProtocolMappersStream()));
        return inAScope || onAClient ? null
                : KeycloakModelUtils.getClientScopeByName(realm, OIDCLoginProtocolFactory.ACR_SCOPE);
    }

    /** The bundle's mapper, Keycloak's own AMR mapper, or any mapper named as the one the installer would add. */
    private static boolean holdsAmrMapper(Stream<ProtocolMapperModel> mappers) {
        return mappers.anyMatch(mapper -> AuthenticationMethodsMapper.PROVIDER_ID.equals(mapper.getProtocolMapper())
                || AmrProtocolMapper.PROVIDER_ID.equals(mapper.getProtocolMapper()) || AMR.equals(mapper.getName()));
    }

    static void addAmrMapper(ClientScopeModel scope) {
        ProtocolMapperModel mapper = AmrProtocolMapper.create(AMR, true, true);
        mapper.setProtocolMapper(AuthenticationMethodsMapper.PROVIDER_ID);
        scope.addProtocolMapper(mapper);
    }
}
