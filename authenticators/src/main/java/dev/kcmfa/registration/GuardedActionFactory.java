package dev.kcmfa.registration;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.CredentialAction;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.EnvironmentDependentProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Takes the place of one of Keycloak's required actions that change credentials under the same provider id (Keycloak
 * uses a custom factory over a built-in one with the same id), delegating everything and guarding its provider
 * ({@link GuardedAction}). Realms keep their required-action settings, and nothing is to be configured.
 */
abstract class GuardedActionFactory implements RequiredActionFactory, EnvironmentDependentProviderFactory {

    private final RequiredActionFactory keycloaks;

    /** {@code keycloaks} makes {@link CredentialAction} providers: that is how Keycloak marks them. */
    GuardedActionFactory(RequiredActionFactory keycloaks) {
        this.keycloaks = keycloaks;
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return GuardedAction.of(keycloaks.create(session));
    }

    @Override
    public String getId() {
        return keycloaks.getId();
    }

    @Override
    public String getDisplayText() {
        return keycloaks.getDisplayText();
    }

    @Override
    public boolean isOneTimeAction() {
        return keycloaks.isOneTimeAction();
    }

    @Override
    public boolean isConfigurable() {
        return keycloaks.isConfigurable();
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return keycloaks.getConfigMetadata();
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        keycloaks.validateConfig(session, realm, model);
    }

    /** Available exactly when Keycloak's action is (WebAuthn and recovery codes depend on server features). */
    @Override
    public boolean isSupported(Config.Scope config) {
        return !(keycloaks instanceof EnvironmentDependentProviderFactory dependent) || dependent.isSupported(config);
    }

    @Override
    public void init(Config.Scope config) {
        keycloaks.init(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        keycloaks.postInit(factory);
    }

    @Override
    public void close() {
        keycloaks.close();
    }
}
