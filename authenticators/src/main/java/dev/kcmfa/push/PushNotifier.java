package dev.kcmfa.push;

import java.io.IOException;
import java.util.List;

import dev.kcmfa.core.UserSendLimit;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Sending a challenge to the user's phones, for the browser step, the direct-grant step and CIBA alike. */
final class PushNotifier {

    private static final Logger LOG = Logger.getLogger(PushNotifier.class);

    /** What became of a challenge's notification, which the push page tells the user. */
    enum Delivery {
        /** FCM accepted it for at least one phone. */
        SENT,
        /** FCM is meant to be used but could not be: a broken service account, or FCM refused every phone. */
        FAILED,
        /** Nothing to push: no FCM configured, or no phone gave a registration token; the app asks Keycloak. */
        NOT_PUSHED
    }

    private PushNotifier() {
    }

    /**
     * Takes one request from the user's hourly allowance for this client address, within the user's ceiling across
     * all addresses (counted across logins and nodes); false once spent.
     */
    static boolean withinHourlyCap(KeycloakSession session, RealmModel realm, UserModel user, PushSettings settings) {
        return hourlyLimit(session, realm, user, settings).tryAcquire() == UserSendLimit.Verdict.SEND;
    }

    /** Whether the hourly caps leave a request for this user and client address, taking none. */
    static boolean hourlyAllowanceLeft(KeycloakSession session, RealmModel realm, UserModel user,
            PushSettings settings) {
        return hourlyLimit(session, realm, user, settings).hourlyAllowanceLeft();
    }

    private static UserSendLimit hourlyLimit(KeycloakSession session, RealmModel realm, UserModel user,
            PushSettings settings) {
        return UserSendLimit.of(session, realm, user, "push", 0, settings.pushesPerAddressPerHour(),
                settings.pushesPerHour());
    }

    /**
     * Sends the challenge id through FCM to every enrolled phone that gave a registration token. Without FCM
     * settings nothing is sent and phones find the request by asking Keycloak.
     */
    static Delivery notifyPhones(KeycloakSession session, RealmModel realmModel, UserModel user,
            PushSettings settings, PushChallenge challenge) {
        String realm = realmModel.getName();
        if (settings.problem().isPresent()) {
            LOG.warnf("Realm '%s': push step: %s", realm, settings.problem().get());
            return Delivery.FAILED;
        }
        List<PushCredentialModel> reachable = PushCredentialModel.phonesOf(user).stream()
                .filter(phone -> phone.fcmToken() != null && !phone.fcmToken().isBlank()).toList();
        if (settings.fcm().isEmpty() || reachable.isEmpty()) {
            return Delivery.NOT_PUSHED;
        }
        FcmSender sender = new FcmSender(session, settings.fcm().get());
        Delivery delivery = Delivery.FAILED;
        for (PushCredentialModel phone : reachable) {
            try {
                sender.send(phone.fcmToken(), realm, challenge.id());
                delivery = Delivery.SENT;
            } catch (IOException | RuntimeException e) {
                LOG.warnf("Realm '%s': push to phone '%s' failed: %s", realm, phone.getUserLabel(), e.getMessage());
            }
        }
        return delivery;
    }
}
