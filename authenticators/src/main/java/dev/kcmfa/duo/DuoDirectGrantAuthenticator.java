package dev.kcmfa.duo;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.core.Polling;
import dev.kcmfa.core.SecondFactors;
import dev.kcmfa.core.TokenRequestWait;
import dev.kcmfa.core.WaitPlace;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Duo for standard tools (the OAuth password grant), through Duo's Auth API v2: preauth, then a Duo Push (waited for
 * with auth_status, for a bounded time) or, when the token request carries {@code duo_passcode}, that passcode. Only
 * preauth finding Duo unreachable may fail open ({@link DuoFailOpen}); every answer Duo gives is obeyed, and every
 * refusal is {@code invalid_grant} with a description and no tokens.
 */
public class DuoDirectGrantAuthenticator extends MfaStep {

    static final String PARAM_PASSCODE = DuoMethod.PARAM_PASSCODE;
    private static final long STATUS_CHECK_MILLIS = 500;
    private static final Logger LOG = Logger.getLogger(DuoDirectGrantAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), DuoMethod.DUO);
        DuoSettings settings = DuoSettings.of(context.getAuthenticatorConfig());
        Optional<String> username = settings.duoUsername(context.getUser());
        if (settings.authApiProblem().isPresent() || username.isEmpty()) {
            refuse(context, DuoRefusal.NOT_SET_UP, settings.authApiProblem().orElse("the user has no Duo username"));
            return;
        }
        if (DuoScope.passedOver(context, settings)) {
            return;
        }
        DuoClient duo = new DuoClient(context.getSession(), settings);
        Optional<String> preauth = DuoFailOpen.firstCall(context, settings,
                () -> duo.preauth(username.get()).path("result").asText(), DuoDirectGrantAuthenticator::refuse);
        if (preauth.isEmpty()) {
            return;
        }
        try {
            decide(context, settings, duo, username.get(), preauth.get());
        } catch (DuoFailure e) {
            // Duo took up this sign-in (a passcode to check, a push the user may deny): losing it now fails closed
            refuse(context, e.refusal(), e.getMessage());
        }
    }

    private void decide(AuthenticationFlowContext context, DuoSettings settings, DuoClient duo, String username,
                        String preauth) throws DuoFailure {
        switch (preauth) {
            case "allow" -> context.success();
            case "enroll" -> refuse(context, DuoRefusal.NOT_ENROLLED, null);
            case "auth" -> {
                try (WaitPlace held = TokenRequestWait.place(context).orElse(null)) {
                    if (held != null) {
                        authenticate(context, settings, duo, username);
                    }
                }
            }
            default -> refuse(context, DuoRefusal.DENIED, null);
        }
    }

    /** A passcode Duo checks at once, or a Duo Push this request waits for, in one of the places to wait. */
    private static void authenticate(AuthenticationFlowContext context, DuoSettings settings, DuoClient duo,
            String username) throws DuoFailure {
        String passcode = context.getHttpRequest().getDecodedFormParameters().getFirst(PARAM_PASSCODE);
        JsonNode answer = duo.auth(username, passcode);
        String result = answer.has("txid") ? awaitPush(duo, answer.path("txid").asText(),
                settings.directGrantWaitSeconds()) : answer.path("result").asText();
        if ("allow".equals(result)) {
            SecondFactors.passed(context, DuoMethod.DUO, null);
        } else {
            refuse(context, DuoRefusal.DENIED, null);
        }
    }

    private static void refuse(AuthenticationFlowContext context, DuoRefusal refusal, String logDetail) {
        if (logDetail != null) {
            LOG.warnf("Realm '%s': Duo direct grant step refused a token request: %s", context.getRealm().getName(),
                    logDetail);
        }
        refuseTokenRequest(context, refusal.eventError(), refusal.description());
    }

    /**
     * Asks auth_status, which Duo itself holds open until the status changes (its long-poll), until the push is
     * answered or the wait is over, at most every {@value #STATUS_CHECK_MILLIS} ms, so a Duo that answers at once
     * is not asked more than that; "waiting" at the end counts as no.
     */
    private static String awaitPush(DuoClient duo, String txid, int waitSeconds) throws DuoFailure {
        return Polling.until(secondsLeft -> duo.authStatus(txid, secondsLeft).path("result").asText(),
                result -> !"waiting".equals(result), STATUS_CHECK_MILLIS, waitSeconds);
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
