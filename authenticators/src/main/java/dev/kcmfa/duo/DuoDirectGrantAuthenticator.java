package dev.kcmfa.duo;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.core.SecondFactors;
import dev.kcmfa.core.Polling;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Duo for standard tools (the OAuth password grant), through Duo's Auth API v2: preauth, then a Duo Push (waited for
 * with auth_status, for a bounded time) or, when the token request carries {@code duo_passcode}, that passcode.
 */
public class DuoDirectGrantAuthenticator extends MfaStep {

    static final String PARAM_PASSCODE = "duo_passcode";
    private static final long STATUS_POLL_MILLIS = 500;
    private static final Logger LOG = Logger.getLogger(DuoDirectGrantAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), MfaMethod.DUO);
        DuoSettings settings = DuoSettings.of(context.getAuthenticatorConfig());
        Optional<String> username = settings.duoUsername(context.getUser());
        if (settings.authApiProblem().isPresent() || username.isEmpty()) {
            LOG.warnf("Realm '%s': Duo direct grant step: %s", context.getRealm().getName(),
                    settings.authApiProblem().orElse("the user has no Duo username"));
            refuseTokenRequest(context, DuoEvents.ERROR_MISCONFIGURED, "Duo is not set up correctly.");
            return;
        }
        if (DuoScope.passedOver(context, settings)) {
            return;
        }
        try {
            decide(context, settings, new DuoClient(context.getSession(), settings), username.get());
        } catch (DuoException e) {
            LOG.warnf("Realm '%s': Duo Auth API unavailable (%s); failing %s", context.getRealm().getName(),
                    e.getMessage(), settings.failOpen() ? "open" : "closed");
            if (settings.failOpen()) {
                context.getEvent().detail(MfaEvents.DETAIL_SKIPPED, DuoEvents.SKIPPED_FAIL_OPEN);
                context.success();
            } else {
                refuseTokenRequest(context, DuoEvents.ERROR_UNAVAILABLE, "Duo cannot be reached right now.");
            }
        }
    }

    private void decide(AuthenticationFlowContext context, DuoSettings settings, DuoClient duo, String username)
            throws DuoException {
        String preauth = duo.preauth(username).path("result").asText();
        switch (preauth) {
            case "allow" -> context.success();
            case "enroll" -> refuseTokenRequest(context, DuoEvents.ERROR_NOT_ENROLLED, "The user is not enrolled in Duo.");
            case "auth" -> {
                String passcode = context.getHttpRequest().getDecodedFormParameters().getFirst(PARAM_PASSCODE);
                JsonNode answer = duo.auth(username, passcode);
                String result = answer.has("txid") ? awaitPush(duo, answer.path("txid").asText(),
                        settings.directGrantWaitSeconds()) : answer.path("result").asText();
                if ("allow".equals(result)) {
                    SecondFactors.passed(context, MfaMethod.DUO, null);
                } else {
                    refuseTokenRequest(context, DuoEvents.ERROR_DENIED, "Duo did not approve the sign-in.");
                }
            }
            default -> refuseTokenRequest(context, DuoEvents.ERROR_DENIED, "Duo did not approve the sign-in.");
        }
    }

    /** Asks auth_status until the push is answered or the wait is over; "waiting" at the end counts as no. */
    private static String awaitPush(DuoClient duo, String txid, int waitSeconds) throws DuoException {
        return Polling.until(() -> duo.authStatus(txid).path("result").asText(), result -> !"waiting".equals(result),
                STATUS_POLL_MILLIS, waitSeconds);
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
