package dev.kcmfa.phone;

import java.util.ArrayList;
import java.util.List;

import dev.kcmfa.core.MfaMethodFactory;
import dev.kcmfa.phone.gateway.GatewaySettings;
import dev.kcmfa.phone.gateway.PhoneGateway;
import dev.kcmfa.phone.gateway.PhoneGatewayFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The browser steps of the SMS and voice methods. Their settings list every gateway provider's own settings
 * ({@code twilio.accountSid}, {@code http.url}...), known once the providers are loaded.
 */
public abstract class PhoneStepFactory extends MfaMethodFactory {

    private final PhoneMethod method;
    private final PhoneStep step;
    private KeycloakSessionFactory factory;

    PhoneStepFactory(PhoneMethod method) {
        this.method = method;
        this.step = new PhoneStep(method);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    @Override
    public String getId() {
        return method.steps().browser();
    }

    /** Wrong codes are reported under "otp" by the attempt limiter, whatever this says; this lists the numbers. */
    @Override
    public String getReferenceCategory() {
        return PhoneCredentialModel.TYPE;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        List<PhoneGatewayFactory> gateways = factory == null ? List.of()
                : factory.getProviderFactoriesStream(PhoneGateway.class).map(f -> (PhoneGatewayFactory) f).toList();
        List<ProviderConfigProperty> properties = new ArrayList<>(
                PhoneSettings.properties(gateways.stream().map(PhoneGatewayFactory::getId).toList()));
        gateways.forEach(g -> properties.addAll(GatewaySettings.prefixed(g)));
        return properties;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return step;
    }

    public static final class Sms extends PhoneStepFactory {

        public Sms() {
            super(SmsMethod.SMS);
        }

        @Override
        public String getDisplayType() {
            return "MFA - SMS code";
        }

        @Override
        public String getHelpText() {
            return "Texts a one-time code to the user's mobile number through the chosen gateway and asks for it; a "
                    + "user without a number sets one up, proven with a code. Lifetime and attempts come from the "
                    + "user's MFA policy; wrong codes count for brute-force protection.";
        }
    }

    public static final class Voice extends PhoneStepFactory {

        public Voice() {
            super(VoiceMethod.VOICE);
        }

        @Override
        public String getDisplayType() {
            return "MFA - Voice call code";
        }

        @Override
        public String getHelpText() {
            return "Calls the user's mobile or landline number through the chosen gateway and reads a one-time code, "
                    + "slowly and twice, in the user's language; a user without a number sets one up, proven with a "
                    + "code. Lifetime and attempts come from the user's MFA policy.";
        }
    }
}
