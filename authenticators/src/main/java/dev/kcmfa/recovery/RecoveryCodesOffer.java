package dev.kcmfa.recovery;

import dev.kcmfa.core.MfaEvents;
import org.keycloak.authentication.CredentialAction;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keycloak's CONFIGURE_RECOVERY_AUTHN_CODES (as the bundle guards it), which asks first, when the login only offers
 * codes ({@code recoveryCodes: offer}): "Set up recovery codes" goes on to Keycloak's page, "Not now" ends the action
 * with nothing set up. Any other way in (an admin's or the user's request, {@code require}, the last code used) goes
 * straight to Keycloak's page, as before.
 */
public final class RecoveryCodesOffer implements RequiredActionProvider, CredentialRegistrator {

    static final String NOTE_OFFERED = "mfa.recovery-codes.offered";
    static final String FIELD_ANSWER = "mfaRecoveryCodes";
    static final String ANSWER_SET_UP = "setup";
    static final String TEMPLATE = "mfa-recovery-codes-offer.ftl";
    /** Event detail: the user answered the offer with "Not now". */
    static final String DETAIL_POSTPONED = "mfa_recovery_codes";

    private final RequiredActionProvider keycloaks;

    /** {@code keycloaks} is Keycloak's action, guarded: a {@link CredentialAction}, as Keycloak marks it. */
    public RecoveryCodesOffer(RequiredActionProvider keycloaks) {
        this.keycloaks = keycloaks;
    }

    /** Makes this login's CONFIGURE_RECOVERY_AUTHN_CODES ask first. */
    static void offerIn(AuthenticationSessionModel authSession) {
        authSession.setAuthNote(NOTE_OFFERED, "true");
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (offered(context)) {
            context.challenge(context.form().createForm(TEMPLATE));
        } else {
            keycloaks.requiredActionChallenge(context);
        }
    }

    @Override
    public void processAction(RequiredActionContext context) {
        if (!offered(context)) {
            keycloaks.processAction(context);
            return;
        }
        context.getAuthenticationSession().removeAuthNote(NOTE_OFFERED);
        String answer = context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD_ANSWER);
        if (ANSWER_SET_UP.equals(answer)) {
            keycloaks.requiredActionChallenge(context);
            return;
        }
        MfaEvents.withMethod(context.getEvent(), RecoveryCodesMethod.RECOVERY_CODES)
                .detail(DETAIL_POSTPONED, "postponed");
        context.success();
    }

    private static boolean offered(RequiredActionContext context) {
        return context.getAuthenticationSession().getAuthNote(NOTE_OFFERED) != null;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        keycloaks.evaluateTriggers(context);
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return keycloaks.initiatedActionSupport();
    }

    @Override
    public void initiatedActionCanceled(KeycloakSession session, AuthenticationSessionModel authSession) {
        keycloaks.initiatedActionCanceled(session, authSession);
    }

    @Override
    public int getMaxAuthAge(KeycloakSession session) {
        return keycloaks.getMaxAuthAge(session);
    }

    @Override
    public String getCredentialType(KeycloakSession session, AuthenticationSessionModel authSession) {
        return ((CredentialAction) keycloaks).getCredentialType(session, authSession);
    }

    @Override
    public void close() {
        keycloaks.close();
    }
}
