package dev.kcmfa.recovery;

import java.util.List;
import java.util.Optional;

import dev.kcmfa.core.MfaMethod;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.models.utils.RecoveryAuthnCodesUtils;

/**
 * Recovery codes: Keycloak's recovery-authn-codes credential, set up with Keycloak's CONFIGURE_RECOVERY_AUTHN_CODES
 * (guarded by the bundle), as a backup for a user who lost their device. Never a first factor: a policy allows it
 * with its {@code recoveryCodes} field, the login sets codes up only after another factor passed, and the chooser
 * offers them last, to users who hold codes. Typed by a person who then replaces the device, so no token request
 * (password grant) takes them: a tool is told the other methods.
 */
public final class RecoveryCodesMethod extends MfaMethod {

    public static final RecoveryCodesMethod RECOVERY_CODES = new RecoveryCodesMethod();

    /** Last of all methods: never offered first. */
    private static final int RANK = 1000;
    private static final String STEP = "mfa-recovery-codes";

    public RecoveryCodesMethod() {
        // no token-request step of its own: a method that needs a browser is never run for a token request
        super("recovery-codes", RANK, RecoveryAuthnCodesCredentialModel.TYPE, null, false, new Steps(STEP, STEP));
    }

    /** RFC 8176: a one-time password, from a list the user saved. */
    @Override
    public List<String> authenticationReferences() {
        return List.of("otp");
    }

    @Override
    public boolean backupOnly() {
        return true;
    }

    @Override
    public boolean usableBy(UserModel user) {
        return codesOf(user).isPresent();
    }

    /** The user's codes, while one is left unused. */
    static Optional<RecoveryAuthnCodesCredentialModel> codesOf(UserModel user) {
        return RecoveryAuthnCodesUtils.getCredential(user)
                .map(RecoveryAuthnCodesCredentialModel::createFromCredentialModel)
                .filter(codes -> !codes.allCodesUsed());
    }
}
