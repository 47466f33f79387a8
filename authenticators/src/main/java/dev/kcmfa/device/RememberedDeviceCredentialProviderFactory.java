package dev.kcmfa.device;

import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

public class RememberedDeviceCredentialProviderFactory
        implements CredentialProviderFactory<RememberedDeviceCredentialProvider> {

    public static final String PROVIDER_ID = RememberedDeviceCredential.TYPE;

    @Override
    public RememberedDeviceCredentialProvider create(KeycloakSession session) {
        return new RememberedDeviceCredentialProvider(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
