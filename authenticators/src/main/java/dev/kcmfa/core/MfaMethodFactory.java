package dev.kcmfa.core;

import org.keycloak.models.AuthenticationExecutionModel.Requirement;

/** Factory base of the second-factor steps (TOTP, email, ...): required, alternative or disabled in a flow. */
public abstract class MfaMethodFactory extends MfaAuthenticatorFactory {

    private static final Requirement[] REQUIREMENT_CHOICES = {
            Requirement.REQUIRED, Requirement.ALTERNATIVE, Requirement.DISABLED};

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }
}
