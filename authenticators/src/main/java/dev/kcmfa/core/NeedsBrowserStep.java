package dev.kcmfa.core;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The token-request (password grant) step of a method that needs a browser (a code sent by email, a security key):
 * it tells the tool so, as OAuth JSON. It runs only for users who can pass no other allowed method on a token
 * request, since the step "MFA - second factor" offers a token request only the methods that work without one.
 */
public class NeedsBrowserStep extends MfaStep {

    private final MfaMethod method;
    private final String description;

    /** {@code description}: what the tool is told, e.g. "This account's second factor is a code sent by email…". */
    public NeedsBrowserStep(MfaMethod method, String description) {
        this.method = method;
        this.description = description;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), method);
        refuseTokenRequest(context, MfaEvents.ERROR_NEEDS_BROWSER, description);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // a token request has one round trip: nothing comes back to act on
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }
}
