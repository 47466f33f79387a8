package dev.kcmfa.totp;

import dev.kcmfa.core.AttemptLimiter;
import dev.kcmfa.core.FactorRegistration;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.core.SecondFactors;
import dev.kcmfa.policy.MfaPolicy;
import dev.kcmfa.policy.PolicyResolver;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.OTPCredentialProvider;
import org.keycloak.credential.OTPCredentialProviderFactory;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.utils.CredentialValidation;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.models.utils.HmacOTP;
import org.keycloak.utils.CredentialHelper;

/**
 * Asks for a code from an authenticator app, and lets a user who has none enroll one inside the login: a QR code
 * (and the secret as text), then a first code. The credential is Keycloak's own OTP credential, made from the realm
 * OTP policy, so it shows in the account console and Keycloak's single-use check blocks code reuse. A user who holds
 * another factor that this login has not passed is not offered the enrollment ({@link FactorRegistration}).
 */
public class TotpAuthenticator extends MfaStep implements CredentialValidator<OTPCredentialProvider> {

    static final String FIELD_CODE = "otp";
    static final String FIELD_LABEL = "userLabel";
    static final String TEMPLATE_CODE = "mfa-totp.ftl";
    static final String TEMPLATE_ENROLL = "mfa-totp-enroll.ftl";
    static final String MSG_INVALID_CODE = "mfaInvalidCode";
    static final String MSG_MISSING_CODE = "mfaMissingCode";
    static final String MSG_LABEL_TOO_LONG = "mfaDeviceLabelTooLong";
    static final int MAX_LABEL_LENGTH = 64;
    /** The secret being enrolled; kept server-side so the browser can neither choose nor swap it. */
    static final String NOTE_PENDING_SECRET = "mfa.totp.pending-secret";
    /** As Keycloak's own TOTP setup: 20 characters, i.e. a 160-bit HMAC key. */
    private static final int SECRET_LENGTH = 20;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), TotpMethod.TOTP);
        if (hasTotp(context.getUser())) {
            context.challenge(codePage(context, null));
            return;
        }
        if (FactorRegistration.refused(context)) {
            return;
        }
        // Reuse the pending secret on a page refresh: the user may already have scanned it.
        String secret = context.getAuthenticationSession().getAuthNote(NOTE_PENDING_SECRET);
        if (secret == null) {
            secret = HmacOTP.generateSecret(SECRET_LENGTH);
            context.getAuthenticationSession().setAuthNote(NOTE_PENDING_SECRET, secret);
        }
        context.challenge(enrollmentPage(context, secret, null, null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), TotpMethod.TOTP);
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String code = normalizedCode(form.getFirst(FIELD_CODE));
        String pendingSecret = context.getAuthenticationSession().getAuthNote(NOTE_PENDING_SECRET);
        boolean enrolling = pendingSecret != null && !hasTotp(context.getUser());
        if (enrolling && FactorRegistration.refused(context)) {
            return;
        }
        if (enrolling) {
            String label = form.getFirst(FIELD_LABEL);
            enroll(context, pendingSecret, code, label == null ? "" : label.trim());
        } else {
            verify(context, PolicyResolver.forRequest(context.getSession(), context.getRealm(), context.getUser()),
                    code);
        }
    }

    private void verify(AuthenticationFlowContext context, MfaPolicy policy, String code) {
        UserModel user = context.getUser();
        AttemptLimiter limiter = new AttemptLimiter(context, TotpMethod.TOTP, policy.maxAttempts());
        if (code.isEmpty()) {
            context.challenge(codePage(context, MSG_MISSING_CODE));
            return;
        }
        if (limiter.userLockedOut()) {
            // Same words as a wrong code: a locked account must not be told apart by an attacker.
            context.getEvent().user(user).error(Errors.USER_TEMPORARILY_DISABLED);
            context.challenge(codePage(context, MSG_INVALID_CODE));
            return;
        }
        if (matchesAnyDevice(user, code)) {
            passed(context);
            return;
        }
        if (limiter.recordFailure()) {
            context.getEvent().user(user).error(MfaEvents.ERROR_INVALID_CODE);
            context.challenge(codePage(context, MSG_INVALID_CODE));
        } else {
            context.getEvent().user(user).error(MfaEvents.ERROR_TOO_MANY_ATTEMPTS);
            limiter.restartLogin();
        }
    }

    private void enroll(AuthenticationFlowContext context, String secret, String code,
                        String label) {
        if (code.isEmpty()) {
            context.challenge(enrollmentPage(context, secret, FIELD_CODE, MSG_MISSING_CODE));
            return;
        }
        if (label.length() > MAX_LABEL_LENGTH) {
            context.challenge(enrollmentPage(context, secret, FIELD_LABEL, MSG_LABEL_TOO_LONG));
            return;
        }
        RealmModel realm = context.getRealm();
        OTPCredentialModel credential = OTPCredentialModel.createFromPolicy(realm, secret, label.isEmpty() ? null : label);
        // A typo while enrolling is not an attack on a credential: it is not counted against the user.
        if (!CredentialValidation.validOTP(code, credential, realm.getOTPPolicy().getLookAheadWindow())
                || !store(context, credential, code)) {
            context.getEvent().user(context.getUser()).detail(MfaEvents.DETAIL_ENROLLED, "false")
                    .error(MfaEvents.ERROR_INVALID_CODE);
            context.challenge(enrollmentPage(context, secret, FIELD_CODE, MSG_INVALID_CODE));
            return;
        }
        context.getAuthenticationSession().removeAuthNote(NOTE_PENDING_SECRET);
        context.getEvent().detail(MfaEvents.DETAIL_ENROLLED, "true");
        passed(context);
    }

    private static void passed(AuthenticationFlowContext context) {
        SecondFactors.passed(context, TotpMethod.TOTP, OTPCredentialModel.TYPE);
    }

    /** Stores the credential and consumes the enrollment code, so the same code cannot log in again. */
    private static boolean store(AuthenticationFlowContext context, OTPCredentialModel credential, String code) {
        try {
            return CredentialHelper.createOTPCredential(context.getSession(), context.getRealm(), context.getUser(),
                    code, credential);
        } catch (ModelDuplicateException e) {
            return false;
        }
    }

    /** Whether the code is valid for one of the user's apps (Keycloak's check, which also refuses a reused code). */
    static boolean matchesAnyDevice(UserModel user, String code) {
        String type = OTPCredentialModel.TYPE;
        return user.credentialManager().getStoredCredentialsByTypeStream(type)
                .anyMatch(c -> user.credentialManager().isValid(new UserCredentialModel(c.getId(), type, code)));
    }

    private static Response codePage(AuthenticationFlowContext context, String error) {
        var form = context.form();
        if (error != null) {
            form.addError(new FormMessage(FIELD_CODE, error));
        }
        return form.createForm(TEMPLATE_CODE);
    }

    private static Response enrollmentPage(AuthenticationFlowContext context, String secret,
                                           String field, String error) {
        var form = context.form().setAttribute("mfaTotp",
                TotpEnrollmentPage.of(context.getSession(), context.getRealm(), context.getUser(), secret));
        if (error != null) {
            form.addError(new FormMessage(field, error));
        }
        return form.createForm(TEMPLATE_ENROLL);
    }

    /** Apps show codes as "123 456": accept them as typed. */
    static String normalizedCode(String value) {
        return value == null ? "" : value.replaceAll("\\s", "");
    }

    static boolean hasTotp(UserModel user) {
        return user.credentialManager().isConfiguredFor(OTPCredentialModel.TYPE);
    }

    /**
     * Offered when the user has an app (even one the policy no longer allows: the login then passes it before
     * enrolling the policy's method, see {@link dev.kcmfa.core.HeldFactorFirst}), or when the policy allows TOTP
     * and the user has no allowed method yet, in which case the login enrolls it.
     */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        MfaPolicy policy = PolicyResolver.forRequest(session, realm, user);
        return hasTotp(user) || policy.allows(TotpMethod.TOTP) && !policy.hasEnrolledMethod(user);
    }

    @Override
    public OTPCredentialProvider getCredentialProvider(KeycloakSession session) {
        return (OTPCredentialProvider) session.getProvider(CredentialProvider.class, OTPCredentialProviderFactory.PROVIDER_ID);
    }
}
