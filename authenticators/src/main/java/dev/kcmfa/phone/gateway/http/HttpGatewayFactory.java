package dev.kcmfa.phone.gateway.http;

import static dev.kcmfa.phone.gateway.GatewaySettings.property;
import static dev.kcmfa.phone.gateway.http.HttpGatewaySettings.API_KEY;
import static dev.kcmfa.phone.gateway.http.HttpGatewaySettings.API_KEY_HEADER;
import static dev.kcmfa.phone.gateway.http.HttpGatewaySettings.BODY_TEMPLATE;
import static dev.kcmfa.phone.gateway.http.HttpGatewaySettings.CONTENT_TYPE;
import static dev.kcmfa.phone.gateway.http.HttpGatewaySettings.HEADERS;
import static dev.kcmfa.phone.gateway.http.HttpGatewaySettings.METHOD;
import static dev.kcmfa.phone.gateway.http.HttpGatewaySettings.SUCCESS_BODY_CONTAINS;
import static dev.kcmfa.phone.gateway.http.HttpGatewaySettings.SUCCESS_STATUS;
import static dev.kcmfa.phone.gateway.http.HttpGatewaySettings.URL;
import static dev.kcmfa.phone.gateway.http.HttpGatewaySettings.VOICE;
import static org.keycloak.provider.ProviderConfigProperty.BOOLEAN_TYPE;
import static org.keycloak.provider.ProviderConfigProperty.LIST_TYPE;
import static org.keycloak.provider.ProviderConfigProperty.STRING_TYPE;
import static org.keycloak.provider.ProviderConfigProperty.TEXT_TYPE;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kcmfa.core.StatelessProviderFactory;
import dev.kcmfa.phone.gateway.GatewaySettings;
import dev.kcmfa.phone.gateway.GatewayHttp;
import dev.kcmfa.phone.gateway.GatewayTimeouts;
import dev.kcmfa.phone.gateway.PhoneChannel;
import dev.kcmfa.phone.gateway.PhoneGateway;
import dev.kcmfa.phone.gateway.PhoneGatewayFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/** The generic HTTP gateway, id {@code http}: any SMS service with an HTTP API, set up by templates. */
public class HttpGatewayFactory implements PhoneGatewayFactory, StatelessProviderFactory<PhoneGateway> {

    public static final String ID = "http";

    @Override
    public PhoneGateway create(KeycloakSession session) {
        return new HttpGateway(GatewayHttp.keycloakClient(session));
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Optional<String> problem(Map<String, String> settings, PhoneChannel channel) {
        return HttpGatewaySettings.of(settings).problem(channel);
    }

    @Override
    public List<ProviderConfigProperty> settings() {
        ProviderConfigProperty method = property(METHOD, "HTTP method", "How the request is sent.", LIST_TYPE, "POST");
        method.setOptions(List.of("POST", "GET", "PUT"));
        ProviderConfigProperty contentType = property(CONTENT_TYPE, "Content type", "The body's format; none sends "
                + "the body template as the URL's query instead. Default: application/json (none for GET).",
                LIST_TYPE, "application/json");
        contentType.setOptions(List.of("application/json", "application/x-www-form-urlencoded", "none"));
        List<ProviderConfigProperty> all = new ArrayList<>(List.of(
                property(URL, "URL", "The gateway's endpoint (http or https). May hold ${to}, ${text}, ${channel}, "
                        + "${language}, URL-encoded.", STRING_TYPE, null),
                method,
                property(HEADERS, "Headers", "Extra request headers, one 'Name: value' per line.", TEXT_TYPE, null),
                property(API_KEY_HEADER, "API key header", "The header that carries the API key, e.g. "
                        + "Authorization or X-API-Key.", STRING_TYPE, null),
                GatewaySettings.secret(API_KEY, "API key", "The header's value, e.g. 'Bearer abc123'."),
                contentType,
                property(BODY_TEMPLATE, "Body template", "The request body with ${to} (E.164), ${text}, ${channel} "
                        + "(sms or voice) and ${language}, each escaped for the content type. Default: to, text, "
                        + "channel and language as JSON or form fields.", TEXT_TYPE, null),
                property(SUCCESS_STATUS, "Success status", "HTTP statuses that mean sent: a class like 2xx or a list "
                        + "like 200,201,202.", STRING_TYPE, SuccessStatus.DEFAULT),
                property(SUCCESS_BODY_CONTAINS, "Success text", "Optional: text the answer must contain to count as "
                        + "sent.", STRING_TYPE, null),
                property(VOICE, "Places calls", "Whether this gateway can call and speak the code.", BOOLEAN_TYPE,
                        "false")));
        all.addAll(GatewayTimeouts.settings());
        return all;
    }
}
