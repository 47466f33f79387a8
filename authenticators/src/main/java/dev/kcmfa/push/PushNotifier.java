package dev.kcmfa.push;

import java.io.IOException;

import dev.kcmfa.core.UserSendLimit;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;

/** Sending a challenge to the user's phones, for the browser step and the direct-grant step alike. */
final class PushNotifier {

    private static final Logger LOG = Logger.getLogger(PushNotifier.class);

    private PushNotifier() {
    }

    /**
     * Takes one request from the user's hourly allowance for this client address, within the user's ceiling across
     * all addresses (counted across logins and nodes); false once spent.
     */
    static boolean withinHourlyCap(AuthenticationFlowContext context, PushSettings settings) {
        return UserSendLimit.of(context.getSession(), context.getRealm(), context.getUser(), "push", 0,
                settings.pushesPerAddressPerHour(), settings.pushesPerHour())
                .tryAcquire() == UserSendLimit.Verdict.SEND;
    }

    /**
     * Sends the challenge id to every enrolled phone through FCM; true if at least one push went out. Without FCM
     * settings nothing is sent and phones find the request by asking Keycloak.
     */
    static boolean notifyPhones(AuthenticationFlowContext context, PushSettings settings, PushChallenge challenge) {
        String realm = context.getRealm().getName();
        settings.problem().ifPresent(problem -> LOG.warnf("Realm '%s': push step: %s", realm, problem));
        if (settings.fcm().isEmpty()) {
            return false;
        }
        FcmSender sender = new FcmSender(context.getSession(), settings.fcm().get());
        boolean delivered = false;
        for (PushCredentialModel phone : PushAuthenticator.phones(context.getUser())) {
            try {
                sender.send(phone.fcmToken(), realm, challenge.id());
                delivered = true;
            } catch (IOException | RuntimeException e) {
                LOG.warnf("Realm '%s': push to phone '%s' failed: %s", realm, phone.getUserLabel(), e.getMessage());
            }
        }
        return delivered;
    }
}
