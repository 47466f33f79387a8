package dev.kcmfa.push;

import java.util.Optional;

import dev.kcmfa.core.LoginRequest;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.core.SecondFactors;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Push approval for standard tools (the OAuth password grant): pushes to the user's phones and holds the token
 * request until the phone answers, for a bounded time. There is no browser to show a number, so the phone approves
 * the request as shown; one pending request per user and the hourly cap still apply.
 */
public class PushDirectGrantAuthenticator extends MfaStep {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), MfaMethod.PUSH);
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        PushSettings settings = PushSettings.of(context.getAuthenticatorConfig());
        if (PushAuthenticator.phones(user).isEmpty()) {
            refuseTokenRequest(context, Errors.INVALID_USER_CREDENTIALS,
                    "Push approval is required but no phone is enrolled: sign in once with a browser to set one up.");
            return;
        }
        if (!PushNotifier.withinHourlyCap(context, settings)) {
            refuseTokenRequest(context, MfaEvents.ERROR_SEND_LIMIT,
                    "Too many sign-in requests were sent to the phone in the last hour.");
            return;
        }
        Optional<PushChallenge> started = PushChallenge.start(session, realm.getId(), user.getId(),
                context.getAuthenticationSession().getParentSession().getId(), settings.challengeSeconds());
        if (started.isEmpty()) {
            refuseTokenRequest(context, null, "Another sign-in is already waiting for approval on the phone.");
            return;
        }
        PushChallenge challenge = started.get().withoutNumberMatching().withContext(LoginRequest.of(context));
        challenge.save(session);
        PushNotifier.notifyPhones(context, settings, challenge);
        PushChallenge.Status answer = PushChallenge.awaitAnswer(session, challenge.id(), realm.getId(),
                Math.min(settings.directGrantWaitSeconds(), settings.challengeSeconds()));
        challenge.finish(session);
        switch (answer) {
            case APPROVED -> SecondFactors.passed(context, MfaMethod.PUSH, PushCredentialModel.TYPE);
            // not answered in time: this tool gives up, the phone's late answer finds nothing
            case PENDING, EXPIRED -> refuseTokenRequest(context, Errors.EXPIRED_CODE,
                    "The phone did not approve the sign-in in time.");
            // denials were logged and counted where the phone's answer arrived (PushResource)
            default -> refuseTokenRequest(context, null, "The sign-in was denied on the phone.");
        }
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
