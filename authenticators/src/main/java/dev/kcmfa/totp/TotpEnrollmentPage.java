package dev.kcmfa.totp;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OTPPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.utils.TotpUtils;

/**
 * What the enrollment page shows ({@code mfaTotp} in {@code mfa-totp-enroll.ftl}): the QR code of the otpauth URI
 * built by Keycloak from the realm OTP policy, the same secret as text, and the policy for manual entry.
 * JavaBean getters, not a record: Keycloak's FreeMarker exposes bean properties only.
 */
public final class TotpEnrollmentPage {

    private final String qrCode;
    private final String secretEncoded;
    private final OTPPolicy policy;

    private TotpEnrollmentPage(String qrCode, String secretEncoded, OTPPolicy policy) {
        this.qrCode = qrCode;
        this.secretEncoded = secretEncoded;
        this.policy = policy;
    }

    static TotpEnrollmentPage of(KeycloakSession session, RealmModel realm, UserModel user, String secret) {
        return new TotpEnrollmentPage(TotpUtils.qrCode(session, secret, realm, user), TotpUtils.encode(secret),
                realm.getOTPPolicy());
    }

    /** Base64 PNG of the otpauth:// URI. */
    public String getQrCode() {
        return qrCode;
    }

    /** The secret in Base32, in groups of four, for typing into an app by hand. */
    public String getSecretEncoded() {
        return secretEncoded;
    }

    public String getType() {
        return policy.getType();
    }

    public String getAlgorithm() {
        return policy.getAlgorithmKey();
    }

    public int getDigits() {
        return policy.getDigits();
    }

    public int getPeriod() {
        return policy.getPeriod();
    }
}
