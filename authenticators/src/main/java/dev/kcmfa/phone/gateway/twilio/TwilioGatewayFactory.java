package dev.kcmfa.phone.gateway.twilio;

import static dev.kcmfa.phone.gateway.GatewaySettings.property;
import static dev.kcmfa.phone.gateway.GatewaySettings.secret;
import static dev.kcmfa.phone.gateway.twilio.TwilioSettings.ACCOUNT_SID;
import static dev.kcmfa.phone.gateway.twilio.TwilioSettings.API_KEY_SECRET;
import static dev.kcmfa.phone.gateway.twilio.TwilioSettings.API_KEY_SID;
import static dev.kcmfa.phone.gateway.twilio.TwilioSettings.AUTH_TOKEN;
import static dev.kcmfa.phone.gateway.twilio.TwilioSettings.BASE_URL;
import static dev.kcmfa.phone.gateway.twilio.TwilioSettings.FROM;
import static dev.kcmfa.phone.gateway.twilio.TwilioSettings.MESSAGING_SERVICE_SID;
import static dev.kcmfa.phone.gateway.twilio.TwilioSettings.SAY_VOICE;
import static org.keycloak.provider.ProviderConfigProperty.STRING_TYPE;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kcmfa.core.StatelessProviderFactory;
import dev.kcmfa.phone.gateway.GatewayHttp;
import dev.kcmfa.phone.gateway.GatewayTimeouts;
import dev.kcmfa.phone.gateway.PhoneChannel;
import dev.kcmfa.phone.gateway.PhoneGateway;
import dev.kcmfa.phone.gateway.PhoneGatewayFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/** Twilio, id {@code twilio}: Programmable Messaging for SMS, Programmable Voice for calls. */
public class TwilioGatewayFactory implements PhoneGatewayFactory, StatelessProviderFactory<PhoneGateway> {

    public static final String ID = "twilio";

    @Override
    public PhoneGateway create(KeycloakSession session) {
        return new TwilioGateway(GatewayHttp.keycloakClient(session));
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Optional<String> problem(Map<String, String> settings, PhoneChannel channel) {
        return TwilioSettings.of(settings).problem(channel);
    }

    @Override
    public List<ProviderConfigProperty> settings() {
        List<ProviderConfigProperty> all = new ArrayList<>(List.of(
                property(ACCOUNT_SID, "Account SID", "Your Twilio account (AC...).", STRING_TYPE, null),
                secret(AUTH_TOKEN, "Auth token", "The account's auth token; leave empty when using an API key."),
                property(API_KEY_SID, "API key SID", "Optional: an API key (SK...) to use instead of the auth token.",
                        STRING_TYPE, null),
                secret(API_KEY_SECRET, "API key secret", "The API key's secret."),
                property(FROM, "From", "The Twilio number to send and call from, in E.164 form (+15551234567); for "
                        + "SMS it may be an alphanumeric sender id.", STRING_TYPE, null),
                property(MESSAGING_SERVICE_SID, "Messaging service SID", "Optional, SMS only: a messaging service "
                        + "(MG...) to send from instead of From.", STRING_TYPE, null),
                property(SAY_VOICE, "Voice", "Optional: the voice that speaks calls (e.g. Polly.Marlene); empty for "
                        + "Twilio's default voice for the user's language.", STRING_TYPE, null),
                property(BASE_URL, "API base URL", "Twilio's API; change only for tests or a Twilio edge.",
                        STRING_TYPE, TwilioSettings.DEFAULT_BASE_URL)));
        all.addAll(GatewayTimeouts.settings());
        return all;
    }
}
