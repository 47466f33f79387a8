package dev.kcmfa.push;

import java.util.List;
import java.util.Optional;

import dev.kcmfa.core.MfaMethod;
import org.keycloak.models.UserModel;

/** Approval on an enrolled phone ({@link PushCredentialModel}), enrolled with the required action mfa-push-enroll. */
public final class PushMethod extends MfaMethod {

    public static final PushMethod PUSH = new PushMethod();

    /** The token-request parameter that carries the answer (a password grant sending it picks this method). */
    public static final String PARAM_NUMBER = "push_number";

    public PushMethod() {
        super("push", 10, PushCredentialModel.TYPE, "mfa-push-enroll", true,
                new Steps("mfa-push", "mfa-push-direct-grant"));
    }

    /** RFC 8176: the phone's device key signed the approval a person gave. */
    @Override
    public List<String> authenticationReferences() {
        return List.of("swk", "user");
    }

    @Override
    public boolean usableBy(UserModel user) {
        return user.credentialManager().isConfiguredFor(PushCredentialModel.TYPE);
    }

    @Override
    public Optional<String> answerParameter() {
        return Optional.of(PARAM_NUMBER);
    }
}
