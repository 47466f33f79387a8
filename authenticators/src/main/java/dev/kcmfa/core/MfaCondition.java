package dev.kcmfa.core;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.services.ErrorPage;

/**
 * What the bundle's flow conditions share: they show no page, need the user identified by an earlier step, hold no
 * state, and read an optional per-execution config that may be missing.
 */
public abstract class MfaCondition extends MfaStep implements ConditionalAuthenticator {

    /** Config key of the "Negate output" switch that conditions offer. */
    public static final String CONF_NEGATE = "negate";
    static final String MSG_MISCONFIGURED = "mfaFlowMisconfigured";
    private static final Logger LOG = Logger.getLogger(MfaCondition.class);

    /**
     * The execution's config, empty when it has none. An execution that names a config which no longer exists lost
     * it (Keycloak deletes a flow's configs with the flow, and leaves other flows' executions that shared them naming
     * them): then the login stops, as the condition's answer without its settings (a negation lost) could skip MFA.
     */
    protected static Map<String, String> config(AuthenticationFlowContext context) {
        AuthenticatorConfigModel model = context.getAuthenticatorConfig();
        if (model == null && context.getExecution().getAuthenticatorConfig() != null) {
            throw misconfigured(context, "its config " + context.getExecution().getAuthenticatorConfig()
                    + " no longer exists");
        }
        return model == null || model.getConfig() == null ? Map.of() : model.getConfig();
    }

    /**
     * The condition's answer after "Negate output". A negated condition that matched lets the login skip MFA, so
     * the login event says why; unless the login goes on to add a factor for a user who holds one, which no skip
     * may spare ({@link FactorRegistration#forbidsSkip}).
     */
    protected static boolean answer(AuthenticationFlowContext context, boolean matched, String skipReason) {
        boolean negate = Boolean.parseBoolean(config(context).get(CONF_NEGATE));
        if (matched && negate) {
            if (FactorRegistration.forbidsSkip(context)) {
                return true;
            }
            context.getEvent().detail(MfaEvents.DETAIL_SKIPPED, skipReason);
        }
        return matched != negate;
    }

    /**
     * Stops the login when the condition's config is missing or unusable: a condition can only answer yes or no,
     * and either answer would run the wrong sub-flow or none, letting the password alone through. Keycloak's flow
     * passes a {@link WebApplicationException} thrown here straight to the client (the flow swallows an
     * authentication-flow exception in an alternative, such as the browser flow's forms): a page for a browser, the
     * OAuth JSON error for a token request. The event and the server log name the problem, for the admin.
     * Returns the exception, for the caller to throw.
     */
    protected static WebApplicationException misconfigured(AuthenticationFlowContext context, String problem) {
        String where = problem + " (execution " + context.getExecution().getId() + ")";
        LOG.warnf("Realm '%s': %s %s; the login was refused", context.getRealm().getName(),
                context.getExecution().getAuthenticator(), where);
        context.getEvent().user(context.getUser()).detail(MfaEvents.DETAIL_CONFIG_ERROR, where)
                .error(MfaEvents.ERROR_MISCONFIGURED);
        return new WebApplicationException(isTokenRequest(context)
                ? tokenError("The sign-in flow is not set up correctly; please contact your administrator.")
                // Keycloak's error page, not context.form(): a condition's context has no authentication
                // selections, which the login theme's page template reads
                : ErrorPage.error(context.getSession(), context.getAuthenticationSession(), Response.Status.FORBIDDEN,
                        MSG_MISCONFIGURED));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // a condition shows no page
    }
}
