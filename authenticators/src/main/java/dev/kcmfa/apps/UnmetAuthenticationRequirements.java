package dev.kcmfa.apps;

import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantType;
import org.keycloak.protocol.oidc.utils.OIDCRedirectUriBuilder;
import org.keycloak.protocol.oidc.utils.OIDCResponseMode;
import org.keycloak.protocol.oidc.utils.OIDCResponseType;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The answer to an OpenID Connect app that asked, as essential, for a level of authentication the login did not
 * reach: back to the app with {@code error=unmet_authentication_requirements} (OpenID Connect Unmet Authentication
 * Requirements 1.0), which an app's OIDC library reads, instead of an error page the user cannot leave. It goes back
 * the way a code would (query, fragment, form post or JARM, with {@code state} and {@code iss}), as Keycloak's own
 * protocol errors do ({@code OIDCLoginProtocol.sendError}, whose error list has no such error; keep the two alike).
 */
public final class UnmetAuthenticationRequirements {

    public static final String ERROR = "unmet_authentication_requirements";

    private UnmetAuthenticationRequirements() {
    }

    /**
     * The redirect to the app; null where there is none to send: another protocol (SAML logins get Keycloak's page),
     * or the device grant, whose browser only shows a page while the tool polls.
     */
    public static Response toTheApp(KeycloakSession session, AuthenticationSessionModel authSession, String why) {
        String responseType = authSession.getClientNote(OIDCLoginProtocol.RESPONSE_TYPE_PARAM);
        if (!OIDCLoginProtocol.LOGIN_PROTOCOL.equals(authSession.getProtocol())
                || DeviceGrantType.isOAuth2DeviceVerificationFlow(authSession) || authSession.getRedirectUri() == null
                || responseType == null) {
            return null;
        }
        OIDCResponseMode mode = OIDCResponseMode.parse(
                authSession.getClientNote(OIDCLoginProtocol.RESPONSE_MODE_PARAM),
                OIDCResponseType.parse(responseType));
        OIDCRedirectUriBuilder redirect = OIDCRedirectUriBuilder.fromUri(authSession.getRedirectUri(), mode, session,
                null).addParam("error", ERROR).addParam("error_description", why);
        String state = authSession.getClientNote(OIDCLoginProtocol.STATE_PARAM);
        if (state != null) {
            redirect.addParam(OIDCLoginProtocol.STATE_PARAM, state);
        }
        if (!OIDCAdvancedConfigWrapper.fromClientModel(authSession.getClient()).isExcludeIssuerFromAuthResponse()) {
            redirect.addParam(OIDCLoginProtocol.ISSUER,
                    Urls.realmIssuer(session.getContext().getUri().getBaseUri(), authSession.getRealm().getName()));
        }
        new AuthenticationSessionManager(session).removeTabIdInAuthenticationSession(authSession.getRealm(),
                authSession);
        return redirect.build();
    }
}
