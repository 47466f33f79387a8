package dev.kcmfa.email;

import java.util.Objects;

import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.policy.MethodFallback;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.DefaultActionTokenKey;

/**
 * A login that an emailed link opened (the "forgot password" link of the reset-credentials flow: Keycloak's action
 * token names the user) has already used the user's mailbox. A code sent to that mailbox would prove nothing more, so
 * the email step passes over itself: to another method the user can pass, or, with none, a refusal.
 */
final class SameMailbox {

    static final String MSG_REFUSED = "mfaEmailSameMailbox";

    private SameMailbox() {
    }

    static boolean openedThisLogin(AuthenticationFlowContext context) {
        String linkUser = context.getAuthenticationSession().getAuthNote(DefaultActionTokenKey.ACTION_TOKEN_USER_ID);
        return Objects.equals(linkUser, context.getUser().getId());
    }

    static void passOver(AuthenticationFlowContext context) {
        if (MethodFallback.tryAnotherThan(context, EmailMethod.EMAIL)) {
            return;
        }
        context.getEvent().user(context.getUser()).error(MfaEvents.ERROR_SAME_MAILBOX);
        context.challenge(context.form().setError(MSG_REFUSED).createErrorPage(Response.Status.FORBIDDEN));
    }
}
