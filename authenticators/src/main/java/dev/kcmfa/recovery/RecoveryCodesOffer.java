package dev.kcmfa.recovery;

import dev.kcmfa.core.DelegatingAction;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.SecondFactors;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.CredentialAction;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.Constants;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keycloak's CONFIGURE_RECOVERY_AUTHN_CODES (as the bundle guards it), which asks first, when the login only offers
 * codes ({@code recoveryCodes: offer}): "Set up recovery codes" goes on to Keycloak's page, "Not now" ends the action
 * with nothing set up. Any other way in (an admin's or the user's request, {@code require}, the last code used) goes
 * straight to Keycloak's page, as before.
 */
public final class RecoveryCodesOffer extends DelegatingAction implements CredentialRegistrator {

    static final String NOTE_OFFERED = "mfa.recovery-codes.offered";
    static final String FIELD_ANSWER = "mfaRecoveryCodes";
    static final String ANSWER_SET_UP = "setup";
    static final String TEMPLATE = "mfa-recovery-codes-offer.ftl";
    /** Event detail: the user answered the offer with "Not now". */
    static final String DETAIL_POSTPONED = "mfa_recovery_codes";
    static final String MSG_OTHER_FACTOR_FIRST = "mfaRecoveryCodesFactorFirst";
    /** Codes were to be set up for a user who holds no other second factor. */
    static final String ERROR_NO_OTHER_FACTOR = "recovery_codes_without_factor";

    /** {@code keycloaks} is Keycloak's action, guarded: a {@link CredentialAction}, as Keycloak marks it. */
    public RecoveryCodesOffer(RequiredActionProvider keycloaks) {
        super(keycloaks);
    }

    /** Makes this login's CONFIGURE_RECOVERY_AUTHN_CODES ask first. */
    static void offerIn(AuthenticationSessionModel authSession) {
        authSession.setAuthNote(NOTE_OFFERED, "true");
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (withoutAnotherFactor(context)) {
            return;
        }
        if (offered(context)) {
            context.challenge(context.form().createForm(TEMPLATE));
        } else {
            super.requiredActionChallenge(context);
        }
    }

    @Override
    public void processAction(RequiredActionContext context) {
        if (withoutAnotherFactor(context)) {
            return;
        }
        if (!offered(context)) {
            super.processAction(context);
            return;
        }
        context.getAuthenticationSession().removeAuthNote(NOTE_OFFERED);
        String answer = context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD_ANSWER);
        if (ANSWER_SET_UP.equals(answer)) {
            super.requiredActionChallenge(context);
            return;
        }
        MfaEvents.withMethod(context.getEvent(), RecoveryCodesMethod.RECOVERY_CODES)
                .detail(DETAIL_POSTPONED, "postponed");
        context.success();
    }

    /**
     * Codes back another factor up, they are never a user's only one: a user who holds no other is refused the set-up
     * when an application asks for it (the account console's "Set up"), and passes over it in a login (the last code
     * spent by a user who holds nothing else: the login sets the policy's method up, codes may follow later).
     */
    private static boolean withoutAnotherFactor(RequiredActionContext context) {
        boolean another = context.getUser().credentialManager().getStoredCredentialsStream()
                .map(CredentialModel::getType)
                .anyMatch(type -> SecondFactors.isSecondFactor(type)
                        && !RecoveryAuthnCodesCredentialModel.TYPE.equals(type));
        if (another) {
            return false;
        }
        context.getEvent().detail(MfaEvents.DETAIL_METHOD, RecoveryCodesMethod.RECOVERY_CODES.id());
        if (context.getAction().equals(context.getAuthenticationSession().getClientNote(Constants.KC_ACTION))) {
            context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION_ERROR).user(context.getUser())
                    .detail(Details.CUSTOM_REQUIRED_ACTION, context.getAction()).error(ERROR_NO_OTHER_FACTOR);
            context.challenge(context.form().setError(MSG_OTHER_FACTOR_FIRST)
                    .createErrorPage(Response.Status.FORBIDDEN));
        } else {
            context.success();
        }
        return true;
    }

    private static boolean offered(RequiredActionContext context) {
        return context.getAuthenticationSession().getAuthNote(NOTE_OFFERED) != null;
    }
}
