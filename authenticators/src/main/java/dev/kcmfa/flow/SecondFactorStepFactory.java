package dev.kcmfa.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.kcmfa.core.MethodConfig;
import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaMethodFactory;
import dev.kcmfa.core.MfaMethods;
import dev.kcmfa.device.RememberedDeviceCredential;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * "MFA - second factor". Its settings are every registered method's, each named {@code <method>.<setting>}
 * ({@link MethodConfig}) and labelled with the method, taken from the methods' own steps at start-up, so a new
 * method's settings appear here by its registration alone.
 */
public class SecondFactorStepFactory extends MfaMethodFactory {

    public static final String PROVIDER_ID = MethodConfig.SECOND_FACTOR_STEP;

    private static final SecondFactorStep SINGLETON = new SecondFactorStep();

    private KeycloakSessionFactory factory;
    private volatile List<ProviderConfigProperty> properties;

    /**
     * The settings are collected when first asked for, not here: a method's step may know its own only after its
     * own postInit (the phone steps list the settings of every gateway provider), which may come after this one.
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    private List<ProviderConfigProperty> collectProperties() {
        ProviderConfigurationBuilder own = ProviderConfigurationBuilder.create();
        UpstreamMfa.addProperties(own);
        return Stream.concat(MfaMethods.all().stream().flatMap(m -> methodProperties(factory, m)),
                own.build().stream()).toList();
    }

    /** A method's settings from its browser and token-request steps (a name both declare counts once). */
    private static Stream<ProviderConfigProperty> methodProperties(KeycloakSessionFactory factory, MfaMethod method) {
        Map<String, ProviderConfigProperty> byName = new LinkedHashMap<>();
        Stream.of(method.steps().browser(), method.steps().tokenRequest())
                .map(id -> (AuthenticatorFactory) factory.getProviderFactory(Authenticator.class, id))
                .filter(Objects::nonNull).flatMap(f -> f.getConfigProperties().stream())
                .forEach(p -> byName.putIfAbsent(p.getName(), p));
        return byName.values().stream().map(p -> MethodConfig.prefixed(method.id(), p));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "MFA - second factor";
    }

    @Override
    public String getHelpText() {
        return "The second factor the user's MFA policy asks for, placed once in a flow: skips it where the policy "
                + "says so (off or optional, trusted network, remembered browser), lets the user choose among the "
                + "allowed methods they can pass (Try another way) or set one up, and runs it. Settings of each "
                + "method are prefixed with its name.";
    }

    /** No reference category of its own: it stands for every method's. */
    @Override
    public String getReferenceCategory() {
        return null;
    }

    /**
     * The credential types of the methods, and remembered browsers, so the account console lists them (it asks the
     * flows' steps).
     */
    @Override
    public Set<String> getOptionalReferenceCategories(KeycloakSession session) {
        return Stream.concat(MfaMethods.all().stream().map(MfaMethod::credentialType).flatMap(Optional::stream),
                Stream.of(RememberedDeviceCredential.TYPE)).collect(Collectors.toSet());
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        if (properties == null) {
            properties = collectProperties(); // the same list whichever request collects it first
        }
        return properties;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }
}
