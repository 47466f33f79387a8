package dev.kcmfa.email;

import java.util.Optional;

import dev.kcmfa.core.CodeCheck;
import dev.kcmfa.core.CodeRequest;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.core.OneTimeCode;
import dev.kcmfa.core.SecondFactors;
import dev.kcmfa.policy.MethodFallback;
import dev.kcmfa.policy.PolicyResolver;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Sends a one-time code to the user's verified email address and asks for it ({@link CodeCheck} over an
 * {@link EmailChannel}); the email's sign-in link, where turned on, passes as the code does. A mail server that does
 * not take the code hands the login to another method the user can pass.
 */
public class EmailCodeAuthenticator extends MfaStep {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), EmailMethod.EMAIL);
        if (SameMailbox.openedThisLogin(context)) {
            SameMailbox.passOver(context);
            return;
        }
        if (!EmailMethod.EMAIL.usableBy(context.getUser())) {
            UnverifiedAddress.stop(context, EmailCodeSettings.of(context.getAuthenticatorConfig()));
            return;
        }
        String linkKey = context.getUriInfo().getQueryParameters().getFirst(EmailChannel.LINK_PARAM);
        if (linkKey != null && followedLink(context, linkKey)) {
            return;
        }
        end(context, check(context).start());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), EmailMethod.EMAIL);
        if (SameMailbox.openedThisLogin(context) || !EmailMethod.EMAIL.usableBy(context.getUser())) {
            authenticate(context); // no code is sent to such a user: the page that says why, again
            return;
        }
        end(context, check(context).answer());
    }

    private static CodeCheck check(AuthenticationFlowContext context) {
        return new CodeCheck(CodeRequest.of(context), new EmailChannel(context));
    }

    private static void end(AuthenticationFlowContext context, CodeCheck.Result result) {
        if (result == CodeCheck.Result.PASSED) {
            context.getAuthenticationSession().removeAuthNote(EmailChannel.NOTE_LINK);
            SecondFactors.passed(context, EmailMethod.EMAIL, null);
        } else if (result == CodeCheck.Result.NOT_SENT && !MethodFallback.tryAnotherThan(context, EmailMethod.EMAIL)) {
            check(context).showNotSent();
        }
    }

    /** The email's sign-in link, opened in the browser of this login: as good as the code, once. */
    private static boolean followedLink(AuthenticationFlowContext context, String key) {
        Optional<OneTimeCode> link = OneTimeCode.read(context.getAuthenticationSession(), EmailChannel.NOTE_LINK);
        if (link.isEmpty() || link.get().expired() || !link.get().matches(key)) {
            context.getEvent().user(context.getUser()).error(MfaEvents.ERROR_INVALID_CODE);
            return false;
        }
        context.getAuthenticationSession().removeAuthNote(EmailChannel.NOTE_LINK);
        check(context).forget();
        context.getEvent().detail(MfaEvents.DETAIL_MAGIC_LINK, "true");
        SecondFactors.passed(context, EmailMethod.EMAIL, null);
        return true;
    }

    /**
     * Runs whenever the policy allows email codes, even without a verified address, so that such users get this step's
     * clear page (refused, or asked to verify first) rather than Keycloak's generic "credential setup required".
     */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return PolicyResolver.forRequest(session, realm, user).allows(EmailMethod.EMAIL);
    }
}
