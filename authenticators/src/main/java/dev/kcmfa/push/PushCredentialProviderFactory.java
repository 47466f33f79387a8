package dev.kcmfa.push;

import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

public class PushCredentialProviderFactory implements CredentialProviderFactory<PushCredentialProvider> {

    public static final String PROVIDER_ID = "mfa-push";

    @Override
    public PushCredentialProvider create(KeycloakSession session) {
        return new PushCredentialProvider(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
