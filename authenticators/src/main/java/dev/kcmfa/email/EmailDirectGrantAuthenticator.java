package dev.kcmfa.email;

import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaStep;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Email codes in a token request (password grant): a token request has one round trip, and the code would arrive
 * only after it, so this step tells the tool that this user's factor needs a browser. It runs only for users who
 * can pass no other allowed method ({@code Condition - MFA method} passes over email on token requests).
 */
public class EmailDirectGrantAuthenticator extends MfaStep {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), EmailMethod.EMAIL);
        refuseTokenRequest(context, MfaEvents.ERROR_NEEDS_BROWSER, "This account's second factor is a code sent by "
                + "email, which cannot be used with the password grant: sign in through the browser.");
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
