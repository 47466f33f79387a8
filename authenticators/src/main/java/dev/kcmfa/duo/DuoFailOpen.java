package dev.kcmfa.duo;

import java.util.Optional;

import dev.kcmfa.core.MfaEvents;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;

/**
 * The admin's choice for when Duo is down. It takes only {@link DuoFailure.Unreachable}, and only a step's first call
 * to Duo (health check, preauth) goes through it: once Duo has been reached its verdict may be pending (a code to
 * exchange, a push the user may deny), and losing Duo then fails closed.
 */
final class DuoFailOpen {

    private static final Logger LOG = Logger.getLogger(DuoFailOpen.class);

    /** A step's first call to Duo. */
    @FunctionalInterface
    interface FirstCall<T> {
        T call() throws DuoFailure.Unreachable, DuoFailure.Refused;
    }

    /** How a step ends a login it refuses (a page for a browser, an OAuth error for a tool), with a detail to log. */
    @FunctionalInterface
    interface Refusing {
        void refuse(AuthenticationFlowContext context, DuoRefusal refusal, String logDetail);
    }

    private DuoFailOpen() {
    }

    /**
     * Makes the step's first call to Duo: its answer, or empty once the login has been decided without one. Duo
     * unreachable lets the login through when the admin chose "open", saying so on the login event each time, and
     * refuses it otherwise (fail closed, the default); any answer of Duo's that is an error refuses it.
     */
    static <T> Optional<T> firstCall(AuthenticationFlowContext context, DuoSettings settings, FirstCall<T> call,
                                     Refusing step) {
        try {
            return Optional.of(call.call());
        } catch (DuoFailure.Unreachable e) {
            LOG.warnf("Realm '%s': Duo is unreachable (%s); failing %s", context.getRealm().getName(), e.getMessage(),
                    settings.failOpen() ? "open" : "closed");
            if (settings.failOpen()) {
                context.getEvent().detail(MfaEvents.DETAIL_SKIPPED, DuoEvents.SKIPPED_FAIL_OPEN);
                context.success();
            } else {
                step.refuse(context, e.refusal(), null);
            }
        } catch (DuoFailure.Refused e) {
            step.refuse(context, e.refusal(), e.getMessage());
        }
        return Optional.empty();
    }
}
