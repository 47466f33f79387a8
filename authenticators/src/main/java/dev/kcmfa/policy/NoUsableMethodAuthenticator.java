package dev.kcmfa.policy;

import dev.kcmfa.core.MfaStep;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorPage;

/**
 * Ends the login of a user whose policy allows no method the server has a step for, after {@code Condition - MFA
 * method} set to {@code none}: a page for a browser, the OAuth error for a token request. In
 * place of Keycloak's "Deny access", which answers a token request with an HTML page.
 */
public class NoUsableMethodAuthenticator extends MfaStep {

    public static final String MSG_NO_USABLE_METHOD = "mfaNoUsableMethod";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        refuse(context);
    }

    /** Ends the login: the policy allows no method this server has. */
    public static void refuse(AuthenticationFlowContext context) {
        if (isTokenRequest(context)) {
            refuseTokenRequest(context, Errors.ACCESS_DENIED, "This account's MFA policy allows no second factor "
                    + "that this server can check; please contact your administrator.");
            return;
        }
        context.getEvent().user(context.getUser()).error(Errors.ACCESS_DENIED);
        // a challenge, not a failure: the user did nothing wrong, nothing to count against brute-force protection
        context.challenge(ErrorPage.error(context.getSession(), context.getAuthenticationSession(),
                Response.Status.FORBIDDEN, MSG_NO_USABLE_METHOD));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // the login ends here
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }
}
