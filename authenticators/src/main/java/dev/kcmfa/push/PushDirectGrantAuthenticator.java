package dev.kcmfa.push;

import java.util.Optional;

import dev.kcmfa.core.AnswerWaits;
import dev.kcmfa.core.LoginRequest;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.core.SecondFactors;
import dev.kcmfa.core.TokenRequestWait;
import dev.kcmfa.core.WaitPlace;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Push approval for standard tools (the OAuth password grant): pushes to the user's phones and holds the token
 * request until the phone answers, for a bounded time. There is no browser to show a number, so the tool does: it
 * chooses two digits, shows them to its user and sends them as {@value #PARAM_NUMBER}; the phone asks for them, so
 * it can never approve a request whose number the person holding it could not see. A request without one is refused
 * unless the admin allows pushes without number matching. One pending request per user, the hourly cap and the
 * per-client cap on waits apply.
 */
public class PushDirectGrantAuthenticator extends MfaStep {

    static final String PARAM_NUMBER = PushMethod.PARAM_NUMBER;
    private static final String NUMBER_EXPLAINED = ", chosen at random and shown to the user, who types them on the "
            + "phone to approve the sign-in.";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), PushMethod.PUSH);
        PushSettings settings = PushSettings.of(context.getAuthenticatorConfig());
        if (PushCredentialModel.phonesOf(context.getUser()).isEmpty()) {
            refuseTokenRequest(context, Errors.INVALID_USER_CREDENTIALS,
                    "Push approval is required but no phone is enrolled: sign in once with a browser to set one up.");
            return;
        }
        String number = numberFromTool(context);
        if (number.isEmpty() && !settings.allowUnmatched()) {
            refuseTokenRequest(context, Errors.INVALID_REQUEST, "This account requires approval on its phone: send "
                    + PARAM_NUMBER + "=<2 digits>" + NUMBER_EXPLAINED);
            return;
        }
        if (!number.isEmpty() && !number.matches("\\d{2}")) {
            refuseTokenRequest(context, Errors.INVALID_REQUEST, PARAM_NUMBER + " must be two digits, 00 to 99"
                    + NUMBER_EXPLAINED);
            return;
        }
        try (WaitPlace held = TokenRequestWait.place(context).orElse(null)) {
            if (held != null) {
                pushAndWait(context, settings, number);
            }
        }
    }

    private static void pushAndWait(AuthenticationFlowContext context, PushSettings settings, String number) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        if (!PushNotifier.withinHourlyCap(session, realm, user, settings)) {
            refuseTokenRequest(context, MfaEvents.ERROR_SEND_LIMIT,
                    "Too many sign-in requests were sent to the phone in the last hour.");
            return;
        }
        PushChallengeStore challenges = PushChallengeStore.of(session);
        Optional<PushChallenge> started = challenges.start(realm.getId(), user.getId(),
                context.getAuthenticationSession().getParentSession().getId(), settings.challengeSeconds(),
                LoginRequest.of(context));
        if (started.isEmpty()) {
            refuseTokenRequest(context, null, "Another sign-in is already waiting for approval on the phone.");
            return;
        }
        PushChallenge challenge = started.get().withNumber(number);
        challenges.save(challenge);
        PushNotifier.notifyPhones(session, realm, user, settings, challenge);
        String id = challenge.id();
        String realmId = realm.getId();
        PushChallenge.Status answer = AnswerWaits.of(session).here(PushChallengeStore.wakeupKey(id),
                reading -> PushChallengeStore.of(reading).statusOf(id, realmId), PushChallenge::answered,
                Math.min(settings.directGrantWaitSeconds(), settings.challengeSeconds()));
        challenges.finish(challenge);
        switch (answer) {
            case APPROVED -> SecondFactors.passed(context, PushMethod.PUSH, PushCredentialModel.TYPE);
            // not answered in time: this tool gives up, the phone's late answer finds nothing
            case PENDING, EXPIRED -> refuseTokenRequest(context, Errors.EXPIRED_CODE,
                    "The phone did not approve the sign-in in time.");
            // denials and wrong numbers were logged and counted where the phone's answer arrived (PushResource)
            default -> refuseTokenRequest(context, null, "The sign-in was denied on the phone.");
        }
    }

    /** The number the tool sent, trimmed; empty when it sent none. */
    private static String numberFromTool(AuthenticationFlowContext context) {
        String number = context.getHttpRequest().getDecodedFormParameters().getFirst(PARAM_NUMBER);
        return number == null ? "" : number.trim();
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
