package dev.kcmfa.core;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * What every step of the bundle (second factors and conditions) has in common: it needs the user identified by the
 * password step, sets up nothing through {@code setRequiredActions} (enrollment happens inside the login, or through
 * Keycloak's own actions), and holds no state.
 */
public abstract class MfaStep implements Authenticator {

    /** The flow path Keycloak's password grant runs its flow under. */
    private static final String TOKEN_FLOW_PATH = "token";

    /**
     * Ends a token request (direct grant) with the OAuth error a tool expects, {@code 400 invalid_grant} and a
     * description, and the event error when there is one to log.
     */
    protected static void refuseTokenRequest(AuthenticationFlowContext context, String eventError, String description) {
        if (eventError != null) {
            context.getEvent().user(context.getUser()).error(eventError);
        }
        context.challenge(tokenError(description));
    }

    /** Whether the flow answers a token request (direct grant), which wants OAuth JSON rather than a page. */
    public static boolean isTokenRequest(AuthenticationFlowContext context) {
        return TOKEN_FLOW_PATH.equals(context.getFlowPath());
    }

    /**
     * The OAuth error a tool expects: {@code 400 invalid_grant} with a description (RFC 6749 section 5.2; Keycloak's
     * own password and OTP steps answer a wrong password or code the same way, so a tool sees one status).
     */
    static Response tokenError(String description) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new OAuth2ErrorRepresentation("invalid_grant", description)).build();
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // enrollment happens inside the login
    }

    @Override
    public void close() {
        // stateless
    }
}
