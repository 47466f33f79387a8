package dev.kcmfa.core;

import java.util.stream.Stream;

import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.CredentialAction;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The rule for changing second factors, whatever the door: a user who already holds one adds, replaces or removes a
 * factor only after passing an existing one, in this login or in the session it continues. A session that skipped
 * MFA (trusted network, remembered device, enrollment grace, optional policy) has passed none, so a stolen password
 * is never enough to register an attacker's authenticator, nor to remove the user's so that the next login enrolls
 * the attacker's.
 * <p>
 * "Changes a second factor" is Keycloak's own marking: a required action that is a {@link CredentialAction} (a
 * {@link CredentialRegistrator}, or Keycloak's delete_credential) of a second-factor credential type
 * ({@link SecondFactors#isSecondFactor}). That covers Keycloak's CONFIGURE_TOTP, webauthn-register,
 * webauthn-register-passwordless, CONFIGURE_RECOVERY_AUTHN_CODES, delete_credential and the bundle's own actions,
 * whether an application asks for one ({@code kc_action}, the account console's "Set up" and "Remove") or an admin
 * set it.
 */
public final class FactorRegistration {

    static final String MSG_EXISTING_FACTOR_FIRST = "mfaExistingFactorFirst";

    private FactorRegistration() {
    }

    /**
     * Whether this login must ask for a second factor even where a condition would skip it: the user holds one and
     * the login goes on to change one (a {@code kc_action}, or a required action pending on the user).
     * Conditions call it only when they are about to skip, and the login event says why they did not.
     */
    public static boolean forbidsSkip(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user == null || !SecondFactors.heldBy(user)
                || !changesFactor(context.getSession(), context.getAuthenticationSession(), user)) {
            return false;
        }
        context.getEvent().detail(MfaEvents.DETAIL_SKIP_REFUSED, MfaEvents.SKIP_REFUSED_CHANGES_FACTOR);
        return true;
    }

    /** Whether the user must pass a factor they hold before adding one: they hold one, and no step passed it. */
    public static boolean existingFactorFirst(KeycloakSession session, AuthenticationSessionModel authSession,
                                              UserModel user) {
        return SecondFactors.heldBy(user) && !SecondFactors.passedInSession(session, authSession);
    }

    /**
     * The maximum authentication age of an action ({@code RequiredActionProvider#getMaxAuthAge}): "re-authenticate
     * now" when it changes a second factor and the single-sign-on session this request continues skipped MFA for a
     * user who holds one, otherwise Keycloak's (configurable) age. An application-initiated action then runs the
     * login again (password, then the second factor, which no condition skips) instead of riding on the SSO cookie.
     */
    public static int maxAuthAge(KeycloakSession session, CredentialAction action, int keycloaksAge) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        UserSessionModel userSession = authSession == null ? null
                : new AuthenticationSessionManager(session).getUserSession(authSession);
        // Keycloak re-authenticates when "auth time + age < now": -1, not 0, holds within the login's own second.
        return userSession != null && changesFactor(session, authSession, action)
                && existingFactorFirst(session, authSession, userSession.getUser()) ? -1 : keycloaksAge;
    }

    /**
     * Refuses an action that changes a second factor to a session that has not passed a factor the user holds: an
     * event, and a page asking the user to sign in again (where the second factor is then asked). Returns whether
     * it did.
     */
    public static boolean refused(RequiredActionContext context, CredentialAction action) {
        if (!changesFactor(context.getSession(), context.getAuthenticationSession(), action)
                || !existingFactorFirst(context.getSession(), context.getAuthenticationSession(), context.getUser())) {
            return false;
        }
        context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION_ERROR).user(context.getUser())
                .detail(Details.CUSTOM_REQUIRED_ACTION, context.getAction())
                .error(MfaEvents.ERROR_EXISTING_FACTOR_FIRST);
        context.challenge(refusalPage(context.form()));
        return true;
    }

    /** The same refusal for an enrollment step inside the login. Returns whether it refused. */
    public static boolean refused(AuthenticationFlowContext context) {
        if (!existingFactorFirst(context.getSession(), context.getAuthenticationSession(), context.getUser())) {
            return false;
        }
        context.getEvent().user(context.getUser()).error(MfaEvents.ERROR_EXISTING_FACTOR_FIRST);
        context.challenge(refusalPage(context.form()));
        return true;
    }

    private static Response refusalPage(LoginFormsProvider form) {
        return form.setError(MSG_EXISTING_FACTOR_FIRST).createErrorPage(Response.Status.FORBIDDEN);
    }

    /** Whether the login goes on to change a second factor: the action an application asked for, or one pending. */
    private static boolean changesFactor(KeycloakSession session, AuthenticationSessionModel authSession,
                                         UserModel user) {
        Stream<String> actions = Stream.of(
                Stream.ofNullable(authSession.getClientNote(Constants.KC_ACTION)),
                user.getRequiredActionsStream(),
                authSession.getRequiredActions().stream()).flatMap(s -> s);
        return actions.map(alias -> action(session, authSession, alias)).anyMatch(action ->
                action instanceof CredentialAction changing && changesFactor(session, authSession, changing));
    }

    private static RequiredActionProvider action(KeycloakSession session, AuthenticationSessionModel authSession,
                                                 String alias) {
        RequiredActionProviderModel model = authSession.getRealm().getRequiredActionProviderByAlias(alias);
        return session.getProvider(RequiredActionProvider.class, model == null ? alias : model.getProviderId());
    }

    private static boolean changesFactor(KeycloakSession session, AuthenticationSessionModel authSession,
                                         CredentialAction action) {
        return SecondFactors.isSecondFactor(action.getCredentialType(session, authSession));
    }
}
