package dev.kcmfa.push;

import dev.kcmfa.core.MfaMethod;
import org.keycloak.models.UserModel;

/** Approval on an enrolled phone ({@link PushCredentialModel}), enrolled with the required action mfa-push-enroll. */
public final class PushMethod extends MfaMethod {

    public static final PushMethod PUSH = new PushMethod();

    public PushMethod() {
        super("push", 10, PushCredentialModel.TYPE, "mfa-push-enroll", true);
    }

    @Override
    public boolean usableBy(UserModel user) {
        return user.credentialManager().isConfiguredFor(PushCredentialModel.TYPE);
    }
}
