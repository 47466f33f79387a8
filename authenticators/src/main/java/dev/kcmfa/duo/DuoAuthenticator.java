package dev.kcmfa.duo;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.core.OneTimeCode;
import dev.kcmfa.core.SecondFactors;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Duo Universal Prompt: the browser goes to Duo with a signed request and comes back to this step with a code and the
 * state it was sent with. The state is bound to the authentication session, the code is exchanged server to server,
 * and the id_token must verify and say {@code allow}. When the health check cannot reach Duo the step fails closed
 * unless the admin chose "open" ({@link DuoFailOpen}); any answer Duo gives, errors included, is obeyed.
 */
public class DuoAuthenticator extends MfaStep {

    static final String NOTE_STATE = "mfa.duo.state";
    static final String NOTE_NONCE = "mfa.duo.nonce";

    private static final Logger LOG = Logger.getLogger(DuoAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), DuoMethod.DUO);
        DuoSettings settings = DuoSettings.of(context.getAuthenticatorConfig());
        Optional<String> problem = settings.promptProblem();
        if (problem.isPresent()) {
            refuse(context, DuoRefusal.NOT_SET_UP, problem.get());
            return;
        }
        if (DuoScope.passedOver(context, settings)) {
            return;
        }
        Optional<String> username = settings.duoUsername(context.getUser());
        if (username.isEmpty()) {
            refuse(context, DuoRefusal.NOT_SET_UP, "the user has no Duo username");
            return;
        }
        MultivaluedMap<String, String> query = context.getUriInfo().getQueryParameters();
        if (query.containsKey("state")) {
            callback(context, settings, username.get(), query);
        } else {
            redirectToDuo(context, settings, username.get());
        }
    }

    private void redirectToDuo(AuthenticationFlowContext context, DuoSettings settings, String username) {
        DuoClient duo = new DuoClient(context.getSession(), settings);
        if (DuoFailOpen.firstCall(context, settings, duo::healthCheck, DuoAuthenticator::refuse).isEmpty()) {
            return;
        }
        String state = OneTimeCode.generateKey(24);
        String nonce = OneTimeCode.generateKey(24);
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setAuthNote(NOTE_STATE, state);
        authSession.setAuthNote(NOTE_NONCE, nonce);
        context.challenge(Response.seeOther(URI.create(
                duo.authorizeUrl(username, state, nonce, redirectUri(context)))).build());
    }

    /** Duo's redirect back: the state must be this login's, then the code's id_token must say allow. */
    private void callback(AuthenticationFlowContext context, DuoSettings settings, String username,
                          MultivaluedMap<String, String> query) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String expected = authSession.getAuthNote(NOTE_STATE);
        String nonce = authSession.getAuthNote(NOTE_NONCE);
        authSession.removeAuthNote(NOTE_STATE);
        authSession.removeAuthNote(NOTE_NONCE);
        if (expected == null || nonce == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                query.getFirst("state").getBytes(StandardCharsets.UTF_8))) {
            refuse(context, DuoRefusal.STATE_MISMATCH, "the state Duo returned is not this login's");
            return;
        }
        String code = Optional.ofNullable(query.getFirst("duo_code")).orElse(query.getFirst("code"));
        JsonNode result;
        try {
            result = new DuoClient(context.getSession(), settings)
                    .exchange(code == null ? "" : code, redirectUri(context), username, nonce);
        } catch (DuoFailure e) {
            // the user has been to Duo and its verdict is behind this code: never fail open here
            refuse(context, e.refusal(), e.getMessage());
            return;
        }
        if ("allow".equals(result.path("result").asText())) {
            SecondFactors.passed(context, DuoMethod.DUO, null);
        } else if ("enroll".equals(result.path("status").asText())) {
            refuse(context, DuoRefusal.NOT_ENROLLED, null);
        } else {
            refuse(context, DuoRefusal.DENIED, null);
        }
    }

    private static void refuse(AuthenticationFlowContext context, DuoRefusal refusal, String logDetail) {
        if (logDetail != null) {
            LOG.warnf("Realm '%s': Duo step refused a login: %s", context.getRealm().getName(), logDetail);
        }
        context.getEvent().user(context.getUser()).error(refusal.eventError());
        context.challenge(context.form().setError(refusal.message()).createErrorPage(refusal.pageStatus()));
    }

    /** Duo sends the browser back to this very step of this login. */
    private static String redirectUri(AuthenticationFlowContext context) {
        return context.getRefreshExecutionUrl().toString();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // the prompt is at Duo; its answer comes back through authenticate (a GET to this step)
        authenticate(context);
    }

    /** Enrollment lives at Duo: whoever reaches this step is sent there. */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }
}
