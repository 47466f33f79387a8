package dev.kcmfa.recovery;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

import dev.kcmfa.core.AttemptLimiter;
import dev.kcmfa.core.HeldFactorFirst;
import dev.kcmfa.core.LoginEnrollment;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.core.SecondFactors;
import dev.kcmfa.policy.MfaPolicy;
import dev.kcmfa.policy.PolicyResolver;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.models.credential.dto.RecoveryAuthnCodesSecretData;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.models.utils.RecoveryAuthnCodesUtils;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.util.JsonSerialization;

/**
 * Asks for the user's next recovery code, as Keycloak's own recovery-code step does (its credential checks the code
 * and strikes it off, so each code works once, and its field and texts are Keycloak's), with what the bundle's steps
 * share: "Try another way", wrong codes limited per login and counted by brute-force protection
 * ({@link AttemptLimiter}; Keycloak's step inside "MFA - second factor" would not be counted). A code that passes means
 * the device is gone or out of reach: the user is emailed ({@link RecoveryCodeUsedEmail}) and the login goes on to
 * set up the policy's method again; the last code used, Keycloak's new codes are asked for, as Keycloak does.
 */
public class RecoveryCodesAuthenticator extends MfaStep {

    /** Keycloak's field name on its recovery-code page. */
    static final String FIELD_CODE = RecoveryAuthnCodesUtils.FIELD_RECOVERY_CODE_IN_BROWSER_FLOW;
    static final String TEMPLATE = "mfa-recovery-code.ftl";
    static final String MSG_INVALID_CODE = "mfaInvalidCode";
    static final String MSG_MISSING_CODE = "mfaMissingCode";
    static final String MSG_NO_CODES = "mfaRecoveryCodesNone";
    /** Event detail: how many unused codes the user has left after this login. */
    static final String DETAIL_CODES_LEFT = "mfa_recovery_codes_left";

    private static final MfaMethod METHOD = RecoveryCodesMethod.RECOVERY_CODES;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), METHOD);
        Optional<RecoveryAuthnCodesCredentialModel> codes = RecoveryCodesMethod.codesOf(context.getUser());
        if (codes.isEmpty()) {
            noCodes(context);
            return;
        }
        context.challenge(codePage(context, codes.get(), null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), METHOD);
        UserModel user = context.getUser();
        Optional<RecoveryAuthnCodesCredentialModel> codes = RecoveryCodesMethod.codesOf(user);
        if (codes.isEmpty()) {
            noCodes(context);
            return;
        }
        String code = normalized(context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD_CODE));
        if (code.isEmpty()) {
            context.challenge(codePage(context, codes.get(), MSG_MISSING_CODE));
            return;
        }
        MfaPolicy policy = PolicyResolver.forRequest(context.getSession(), context.getRealm(), user);
        AttemptLimiter limiter = new AttemptLimiter(context, METHOD, policy.maxAttempts());
        if (limiter.userLockedOut()) {
            // same words as a wrong code: a locked account must not be told apart by an attacker
            context.getEvent().user(user).error(Errors.USER_TEMPORARILY_DISABLED);
            context.challenge(codePage(context, codes.get(), MSG_INVALID_CODE));
            return;
        }
        if (user.credentialManager().isValid(UserCredentialModel.buildFromBackupAuthnCode(code))) {
            used(context, policy);
        } else if (limiter.recordFailure()) {
            context.getEvent().user(user).error(MfaEvents.ERROR_INVALID_CODE);
            context.challenge(codePage(context, codes.get(), MSG_INVALID_CODE));
        } else {
            context.getEvent().user(user).error(MfaEvents.ERROR_TOO_MANY_ATTEMPTS);
            limiter.restartLogin();
        }
    }

    /** A code passed (and is struck off): tell the user, replace what the code stood in for, let the login on. */
    private static void used(AuthenticationFlowContext context, MfaPolicy policy) {
        UserModel user = context.getUser();
        int left = RecoveryAuthnCodesUtils.getCredential(user).map(RecoveryCodesAuthenticator::unused).orElse(0);
        if (left == 0) {
            newCodesAsKeycloakDoes(context);
        }
        context.getEvent().detail(DETAIL_CODES_LEFT, Integer.toString(left));
        // an event of its own: the login's LOGIN event comes from Keycloak after the actions below, without details
        context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL).user(user)
                .detail(Details.CREDENTIAL_TYPE, RecoveryAuthnCodesCredentialModel.TYPE).success();
        RecoveryCodeUsedEmail.send(context, left);
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        // the policy's first method this realm can set up in a login (a code must not be spent on a refusal)
        if (!HeldFactorFirst.owesEnrollment(authSession)) {
            policy.methods().stream().filter(m -> m.enrollmentAction()
                            .filter(action -> LoginEnrollment.enabled(context.getRealm(), action)).isPresent())
                    .findFirst().ifPresent(method -> HeldFactorFirst.enrollAfterwards(authSession, method));
        }
        SecondFactors.passed(context, METHOD, RecoveryAuthnCodesCredentialModel.TYPE);
    }

    /** Keycloak's step, its last code used: the spent credential goes, and new codes are asked for. */
    private static void newCodesAsKeycloakDoes(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        RecoveryAuthnCodesUtils.getCredential(user)
                .ifPresent(spent -> user.credentialManager().removeStoredCredentialById(spent.getId()));
        try {
            user.addRequiredAction(UserModel.RequiredAction.CONFIGURE_RECOVERY_AUTHN_CODES);
        } catch (ReadOnlyException e) {
            context.getAuthenticationSession()
                    .addRequiredAction(UserModel.RequiredAction.CONFIGURE_RECOVERY_AUTHN_CODES);
        }
    }

    /** The codes left, from the secret data (Keycloak writes the credential data's count under other names). */
    private static int unused(CredentialModel credential) {
        try {
            return JsonSerialization.readValue(credential.getSecretData(), RecoveryAuthnCodesSecretData.class)
                    .getCodes().size();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void noCodes(AuthenticationFlowContext context) {
        context.getEvent().user(context.getUser()).error(Errors.INVALID_USER_CREDENTIALS);
        context.challenge(context.form().setError(MSG_NO_CODES).createErrorPage(Response.Status.BAD_REQUEST));
    }

    private static Response codePage(AuthenticationFlowContext context, RecoveryAuthnCodesCredentialModel codes,
            String error) {
        var form = context.form().setAttribute("mfaRecoveryCodeNumber",
                codes.getNextRecoveryAuthnCode().orElseThrow().getNumber());
        if (error != null) {
            form.addError(new FormMessage(FIELD_CODE, error));
        }
        return form.createForm(TEMPLATE);
    }

    /** Keycloak shows codes as "ABCD-EFGH-IJKL" and generates them in capitals: accept them as typed. */
    static String normalized(String value) {
        return value == null ? "" : value.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    /** Offered only to users who hold codes; runs inside "MFA - second factor", which decides that. */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return RecoveryCodesMethod.codesOf(user).isPresent();
    }
}
