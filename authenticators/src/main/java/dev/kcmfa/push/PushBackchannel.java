package dev.kcmfa.push;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import dev.kcmfa.core.BoundedHttp;
import dev.kcmfa.core.LoginRequest;
import dev.kcmfa.core.LoginStrength;
import dev.kcmfa.policy.PolicyResolver;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.CibaConfig;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.grants.ciba.channel.CIBAAuthenticationRequest;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantType;
import org.keycloak.protocol.oidc.grants.device.endpoints.DeviceEndpoint;

/**
 * OpenID CIBA (client-initiated backchannel authentication) by push: an app without a browser in front of the user
 * (a call centre, a kiosk) asks Keycloak's backchannel endpoint to have the user approve on their phone. Keycloak hands
 * the request to the bundle's authentication channel, which pushes it to the user's phones with the app's binding
 * message; the phone's signed answer, received by any node, settles the request Keycloak stores, and the app's poll of
 * the token endpoint (or, in ping mode, its notification endpoint) learns of it. The push settings (FCM, hourly caps)
 * are those of the realm's browser flow.
 */
final class PushBackchannel {

    private static final Logger LOG = Logger.getLogger(PushBackchannel.class);
    /** Keycloak's CIBA grant makes its own user session at the poll; its own callback passes a placeholder too. */
    private static final String NO_USER_SESSION = "ciba";
    private static final int NOTIFICATION_SECONDS = 5;

    private PushBackchannel() {
    }

    /** Why the user cannot be asked on a phone now, in words for the app's developer; empty when they can. */
    static Optional<String> refusal(KeycloakSession session, RealmModel realm, UserModel user) {
        Optional<String> neverAskable = neverAskable(session, realm, user);
        if (neverAskable.isPresent()) {
            return neverAskable;
        }
        if (PushChallengeStore.of(session).pendingFor(realm.getId(), user.getId()).isPresent()) {
            return Optional.of("Another sign-in request is waiting for the user's phone: ask again once it is "
                    + "answered or expired.");
        }
        if (!PushNotifier.hourlyAllowanceLeft(session, realm, user, PushSettings.ofBrowserFlow(realm))) {
            return Optional.of("Too many sign-in requests were sent to the user's phone in the last hour.");
        }
        return Optional.empty();
    }

    /** Why the user cannot be asked on a phone at all, whatever is waiting: the policy, or no phone. */
    private static Optional<String> neverAskable(KeycloakSession session, RealmModel realm, UserModel user) {
        if (!PolicyResolver.forRequest(session, realm, user).allows(PushMethod.PUSH)) {
            return Optional.of("The user's MFA policy does not allow push approval.");
        }
        if (PushCredentialModel.phonesOf(user).isEmpty()) {
            return Optional.of("The user has no phone set up for push approval.");
        }
        return Optional.empty();
    }

    /**
     * Asks the user's phones about the app's request for as long as the request lasts. False when it cannot be asked
     * after all (another request or the hourly cap came in since the user was resolved): Keycloak then answers 503.
     */
    static boolean ask(KeycloakSession session, CIBAAuthenticationRequest request) {
        RealmModel realm = session.getContext().getRealm();
        UserModel user = request.getUser();
        PushSettings settings = PushSettings.ofBrowserFlow(realm);
        // checked again for a resolver other than the bundle's; a waiting request and the caps are taken below
        if (neverAskable(session, realm, user).isPresent()
                || !PushNotifier.withinHourlyCap(session, realm, user, settings)) {
            return false;
        }
        // Keycloak keeps the request for the realm's CIBA lifetime; the app's requested_expiry only shortens its id's
        int lifetime = (int) Math.max(1, Math.min(request.getExp() - Time.currentTime(),
                realm.getCibaPolicy().getExpiresIn()));
        LoginRequest shown = LoginRequest.of(session, request.getClient(), user,
                Optional.ofNullable(request.getBindingMessage()).orElse(""));
        PushChallengeStore challenges = PushChallengeStore.of(session);
        Optional<PushChallenge> started = challenges.start(realm.getId(), user.getId(),
                PushChallenge.BACKCHANNEL + request.getAuthResultId(), lifetime, shown);
        if (started.isEmpty()) {
            return false;
        }
        PushChallenge challenge = started.get().withNumber("");
        // Keycloak stores the app's request only once the channel has answered, at the end of this request: the phone
        // sees the challenge after that, or its approval would find no request to settle
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                challenges.save(challenge);
                PushNotifier.notifyPhones(session, realm, user, settings, challenge);
            }

            @Override
            protected void rollbackImpl() {
                challenges.finish(challenge);
            }
        });
        return true;
    }

    /**
     * Settles the app's request with the phone's answer, as Keycloak's callback endpoint does for its HTTP channel:
     * approved, with the phone's references for the tokens' {@code amr}, or denied; in ping mode the app is told.
     * False when the request is no longer pending (expired, or already settled).
     */
    static boolean settle(KeycloakSession session, RealmModel realm, PushChallenge challenge,
            PushChallenge.Status answer) {
        String requestId = challenge.backchannelRequest().orElseThrow();
        PushChallengeStore.of(session).finish(challenge);
        OAuth2DeviceCodeModel stored = DeviceEndpoint.getDeviceByUserCode(session, realm, requestId);
        if (stored == null || !stored.isPending()) {
            return false;
        }
        boolean settled = answer == PushChallenge.Status.APPROVED
                ? DeviceGrantType.approveUserCode(session, realm, requestId, NO_USER_SESSION,
                        Map.of(LoginStrength.NOTE_REFERENCES, String.join(" ",
                                PushMethod.PUSH.authenticationReferences())))
                : DeviceGrantType.denyUserCode(session, realm, requestId);
        if (settled) {
            notifyApp(session, realm, stored);
        }
        return settled;
    }

    /**
     * In ping mode, tells the app's notification endpoint that its request is settled; the app then asks the token
     * endpoint. A failure is logged: the app can still poll.
     */
    private static void notifyApp(KeycloakSession session, RealmModel realm, OAuth2DeviceCodeModel stored) {
        ClientModel client = realm.getClientByClientId(stored.getClientId());
        CibaConfig ciba = realm.getCibaPolicy();
        if (client == null || !CibaConfig.CIBA_PING_MODE.equals(ciba.getBackchannelTokenDeliveryMode(client))) {
            return;
        }
        String endpoint = ciba.getBackchannelClientNotificationEndpoint(client);
        try {
            int status = BoundedHttp.create(session, NOTIFICATION_SECONDS).doPost(endpoint)
                    .json(Map.of("auth_req_id", stored.getAuthReqId())).auth(stored.getClientNotificationToken())
                    .asStatus();
            if (status != 200 && status != 204) {
                LOG.warnf("Realm '%s': the CIBA notification endpoint of client '%s' answered %d", realm.getName(),
                        client.getClientId(), status);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Realm '%s': the CIBA notification endpoint of client '%s' could not be reached: %s",
                    realm.getName(), client.getClientId(), e.getMessage());
        }
    }
}
