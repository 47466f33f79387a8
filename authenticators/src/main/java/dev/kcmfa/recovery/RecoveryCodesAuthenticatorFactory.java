package dev.kcmfa.recovery;

import dev.kcmfa.core.MfaMethodFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;

public class RecoveryCodesAuthenticatorFactory extends MfaMethodFactory {

    public static final String PROVIDER_ID = RecoveryCodesMethod.RECOVERY_CODES.steps().browser();

    private static final RecoveryCodesAuthenticator SINGLETON = new RecoveryCodesAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "MFA - Recovery code";
    }

    @Override
    public String getHelpText() {
        return "Asks for the user's next recovery code (Keycloak's recovery-authn-codes credential), for users who "
                + "lost their device. Each code works once; wrong codes count for brute-force protection; a code "
                + "used is emailed to the user, and the login sets up the policy's method again.";
    }

    /** Recovery codes show in the account console and wrong codes count for brute-force protection. */
    @Override
    public String getReferenceCategory() {
        return RecoveryAuthnCodesCredentialModel.TYPE;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }
}
