package dev.kcmfa.policy;

import dev.kcmfa.core.MfaAuthenticatorFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;

public class NoUsableMethodAuthenticatorFactory extends MfaAuthenticatorFactory {

    public static final String PROVIDER_ID = "mfa-no-usable-method";

    private static final NoUsableMethodAuthenticator SINGLETON = new NoUsableMethodAuthenticator();
    private static final Requirement[] REQUIREMENT_CHOICES = {Requirement.REQUIRED, Requirement.DISABLED};

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "MFA - no usable method";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public String getHelpText() {
        return "Ends the login after 'Condition - MFA method' set to none: a page in a browser, invalid_grant with a "
                + "description for a token request (Keycloak's Deny access answers token requests with a page).";
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }
}
