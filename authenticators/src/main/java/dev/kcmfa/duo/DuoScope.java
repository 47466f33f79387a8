package dev.kcmfa.duo;

import java.util.List;

import dev.kcmfa.core.MfaEvents;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** Who is sent to Duo: the step's groups to challenge and to skip (subgroups count) and its clients to skip. */
final class DuoScope {

    private DuoScope() {
    }

    /**
     * Lets the login through without Duo when the user or the app is out of the step's scope, saying so on the login
     * event; false when Duo applies and the step goes on.
     */
    static boolean passedOver(AuthenticationFlowContext context, DuoSettings settings) {
        if (applies(context.getSession(), context.getRealm(), context.getUser(),
                context.getAuthenticationSession().getClient(), settings)) {
            return false;
        }
        context.getEvent().detail(MfaEvents.DETAIL_SKIPPED, DuoEvents.SKIPPED_NOT_IN_SCOPE);
        context.success();
        return true;
    }

    private static boolean applies(KeycloakSession session, RealmModel realm, UserModel user, ClientModel client,
                                   DuoSettings settings) {
        if (settings.skipClients().contains(client.getClientId())
                || memberOfAny(session, realm, user, settings.skipGroups())) {
            return false;
        }
        return settings.challengeGroups().isEmpty() || memberOfAny(session, realm, user, settings.challengeGroups());
    }

    private static boolean memberOfAny(KeycloakSession session, RealmModel realm, UserModel user, List<String> paths) {
        return paths.stream().map(path -> KeycloakModelUtils.findGroupByPath(session, realm, path))
                .anyMatch(group -> group != null && user.isMemberOf(group));
    }
}
