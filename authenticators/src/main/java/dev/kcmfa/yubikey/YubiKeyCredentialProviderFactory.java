package dev.kcmfa.yubikey;

import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

public class YubiKeyCredentialProviderFactory implements CredentialProviderFactory<YubiKeyCredentialProvider> {

    public static final String PROVIDER_ID = YubiKeyCredentialModel.TYPE;

    @Override
    public YubiKeyCredentialProvider create(KeycloakSession session) {
        return new YubiKeyCredentialProvider(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
