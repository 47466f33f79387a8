package dev.kcmfa.totp;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OTPPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.utils.TotpUtils;

/**
 * What the enrollment page shows ({@code mfaTotp} in {@code mfa-totp-enroll.ftl}): the QR code of the otpauth URI
 * built by Keycloak from the realm OTP policy, the same secret as text, and the policy for manual entry.
 */
public record TotpEnrollmentPage(String qrCode, String secretEncoded, String algorithm, int digits, int period,
                                 String type) {

    static TotpEnrollmentPage of(KeycloakSession session, RealmModel realm, UserModel user, String secret) {
        OTPPolicy policy = realm.getOTPPolicy();
        return new TotpEnrollmentPage(TotpUtils.qrCode(session, secret, realm, user), TotpUtils.encode(secret),
                policy.getAlgorithmKey(), policy.getDigits(), policy.getPeriod(), policy.getType());
    }
}
