package dev.kcmfa.duo;

import dev.kcmfa.core.MfaEvents;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;

/**
 * The admin's choice for when Duo is down. It takes only {@link DuoFailure.Unreachable}, and only a step's first call
 * to Duo (health check, preauth) may pass it here: once Duo has been reached its verdict may be pending (a code to
 * exchange, a push the user may deny), and losing Duo then fails closed.
 */
final class DuoFailOpen {

    private static final Logger LOG = Logger.getLogger(DuoFailOpen.class);

    private DuoFailOpen() {
    }

    /**
     * Lets the login through without Duo when the admin chose "open", saying so on the login event each time;
     * false when the step must refuse it (fail closed, the default).
     */
    static boolean passedOver(AuthenticationFlowContext context, DuoSettings settings, DuoFailure.Unreachable e) {
        LOG.warnf("Realm '%s': Duo is unreachable (%s); failing %s", context.getRealm().getName(), e.getMessage(),
                settings.failOpen() ? "open" : "closed");
        if (!settings.failOpen()) {
            return false;
        }
        context.getEvent().detail(MfaEvents.DETAIL_SKIPPED, DuoEvents.SKIPPED_FAIL_OPEN);
        context.success();
        return true;
    }
}
