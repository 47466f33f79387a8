package dev.kcmfa.email;

import java.util.List;

import dev.kcmfa.core.MfaMethod;
import org.keycloak.models.UserModel;

/**
 * A code mailed to the user: needs no credential, a verified address is enough. A token request has one round trip,
 * and the code would arrive only after it: email needs a browser.
 */
public final class EmailMethod extends MfaMethod {

    public static final EmailMethod EMAIL = new EmailMethod();

    public EmailMethod() {
        super("email", 30, null, null, false, new Steps("mfa-email", "mfa-email-direct-grant"));
    }

    /** RFC 8176: a one-time code sent to the user. */
    @Override
    public List<String> authenticationReferences() {
        return List.of("otp");
    }

    @Override
    public boolean usableBy(UserModel user) {
        return user.getEmail() != null && !user.getEmail().isBlank() && user.isEmailVerified();
    }
}
