package dev.kcmfa.email;

import dev.kcmfa.core.MfaMethodFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/** The email step for direct grant flows: it answers the tool that email codes need a browser. */
public class EmailDirectGrantAuthenticatorFactory extends MfaMethodFactory {

    public static final String PROVIDER_ID = EmailMethod.EMAIL.steps().tokenRequest();

    private static final EmailDirectGrantAuthenticator SINGLETON = new EmailDirectGrantAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "MFA - Email code (direct grant)";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public String getHelpText() {
        return "For direct grant flows: a token request cannot receive an email code, so a user whose only usable "
                + "method is email gets invalid_grant saying to sign in through the browser.";
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }
}
