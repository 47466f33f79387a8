package dev.kcmfa.flow;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.saml.SamlProtocol;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * A browser login that reuses an SSO session (an app stepping up with {@code acr_values=mfa} skips the password the
 * session already passed) proves no credential itself. Before such a login sets up the user's first second factor,
 * the user signs in again, as with {@code prompt=login} (or a SAML {@code ForceAuthn}): otherwise whoever holds the
 * session's cookie could put their own authenticator on the account.
 */
final class FreshSignIn {

    /** Set once the login was sent back to sign in again: a protocol that cannot force it is refused, not looped. */
    private static final String NOTE_ASKED = "mfa.fresh-sign-in-asked";

    private FreshSignIn() {
    }

    /** Whether this login proved no credential of its own in the browser (password, passkey) and was not forced to. */
    static boolean needed(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        return LoginActionsService.AUTHENTICATE_PATH.equals(context.getFlowPath())
                && AuthenticatorUtil.getAuthnCredentials(authSession).isEmpty()
                && !AuthenticatorUtil.isForcedReauthentication(authSession);
    }

    /** Starts the login again from its first step, with the session's cookie no longer sparing the password. */
    static void ask(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (authSession.getClientNote(NOTE_ASKED) != null) {
            throw new AuthenticationFlowException(AuthenticationFlowError.GENERIC_AUTHENTICATION_ERROR,
                    "a fresh sign-in before setting up a second factor was asked, and the login did not ask for it",
                    "reauthenticate");
        }
        authSession.setClientNote(NOTE_ASKED, "true");
        authSession.setClientNote(OIDCLoginProtocol.PROMPT_PARAM, OIDCLoginProtocol.PROMPT_VALUE_LOGIN);
        // the reset clears auth notes, where SAML keeps its ForceAuthn
        context.resetFlow(() -> authSession.setAuthNote(SamlProtocol.SAML_LOGIN_REQUEST_FORCEAUTHN,
                SamlProtocol.SAML_FORCEAUTHN_REQUIREMENT));
    }
}
