package dev.kcmfa.email;

import java.util.concurrent.TimeUnit;

import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.UserSendLimit;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.actiontoken.verifyemail.VerifyEmailActionToken;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.Urls;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Ends the email step for a user whose address is not verified: either refused outright, or (when the admin chose
 * "verify first") sent Keycloak's own verification email once per login.
 *
 * <p>The verification link is deliberately <em>not</em> bound to this login. Keycloak's handler continues a login
 * whose session the token names, which would let a password alone finish it; an unbound token makes Keycloak start
 * a fresh session that ends after the address is verified, so the next login asks for a code as usual.
 */
final class UnverifiedAddress {

    static final String MSG_REFUSED = "mfaEmailNotVerified";
    static final String MSG_VERIFY_FIRST = "mfaEmailVerifyFirst";
    static final String MSG_VERIFY_NOT_SENT = "mfaEmailVerifyNotSent";
    private static final String NOTE_VERIFICATION_SENT = "mfa.email.verification-sent";

    private static final Logger LOG = Logger.getLogger(UnverifiedAddress.class);

    private UnverifiedAddress() {
    }

    static void stop(AuthenticationFlowContext context, EmailCodeSettings settings) {
        UserModel user = context.getUser();
        context.getEvent().user(user).error(MfaEvents.ERROR_EMAIL_NOT_VERIFIED);
        boolean hasAddress = user.getEmail() != null && !user.getEmail().isBlank();
        if (!settings.verifyFirst() || !hasAddress) {
            context.challenge(context.form().setError(MSG_REFUSED).createErrorPage(Response.Status.FORBIDDEN));
        } else if (context.getAuthenticationSession().getAuthNote(NOTE_VERIFICATION_SENT) != null || sent(context, settings)) {
            context.getAuthenticationSession().setAuthNote(NOTE_VERIFICATION_SENT, "true");
            context.challenge(context.form()
                    .setInfo(MSG_VERIFY_FIRST, EmailChannel.maskedEmail(user.getEmail()))
                    .createInfoPage());
        } else {
            context.challenge(context.form().setError(MSG_VERIFY_NOT_SENT).createErrorPage(Response.Status.FORBIDDEN));
        }
    }

    private static boolean sent(AuthenticationFlowContext context, EmailCodeSettings settings) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        if (settings.sendLimit(context).tryAcquire() != UserSendLimit.Verdict.SEND) {
            return false;
        }
        int lifespan = realm.getActionTokenGeneratedByUserLifespan(VerifyEmailActionToken.TOKEN_TYPE);
        var event = context.getEvent().clone().event(EventType.SEND_VERIFY_EMAIL).user(user)
                .detail(Details.EMAIL, user.getEmail());
        try {
            session.getProvider(EmailTemplateProvider.class)
                    .setRealm(realm)
                    .setUser(user)
                    .setAuthenticationSession(context.getAuthenticationSession())
                    .sendVerifyEmail(unboundLink(context, lifespan), TimeUnit.SECONDS.toMinutes(lifespan));
            event.success();
            return true;
        } catch (EmailException e) {
            LOG.warnf("Realm '%s': could not send the verification email (%s)", realm.getName(), e.getMessage());
            event.error(Errors.EMAIL_SEND_FAILED);
            return false;
        }
    }

    private static String unboundLink(AuthenticationFlowContext context, int lifespanSeconds) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UriInfo uriInfo = context.getUriInfo();
        String clientId = authSession.getClient().getClientId();
        VerifyEmailActionToken token = new VerifyEmailActionToken(context.getUser().getId(),
                Time.currentTime() + lifespanSeconds, null, context.getUser().getEmail(), clientId);
        return Urls.actionTokenBuilder(uriInfo.getBaseUri(), token.serialize(session, realm, uriInfo), clientId,
                        authSession.getTabId(), AuthenticationProcessor.getClientData(session, authSession))
                .build(realm.getName()).toString();
    }
}
