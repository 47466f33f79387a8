package dev.kcmfa.email;

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

    @Override
    public boolean usableBy(UserModel user) {
        return user.getEmail() != null && !user.getEmail().isBlank() && user.isEmailVerified();
    }
}
