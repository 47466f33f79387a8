package dev.kcmfa.core;

import java.util.Optional;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.ClientModel;

/**
 * What a user is told about a sign-in that asks for their second factor (in the email, on the phone): the app, and the
 * IP address and browser it came from. The address is Keycloak's own view of the client (its proxy settings decide),
 * never a header parsed here.
 */
public record LoginRequest(String app, String ipAddress, String browser) {

    private static final int MAX_BROWSER_LENGTH = 200;

    public static LoginRequest of(AuthenticationFlowContext context) {
        ClientModel client = context.getAuthenticationSession().getClient();
        String app = client.getName() != null && !client.getName().isBlank() ? client.getName() : client.getClientId();
        String browser = Optional.ofNullable(context.getHttpRequest().getHttpHeaders().getHeaderString("User-Agent"))
                .map(ua -> ua.length() > MAX_BROWSER_LENGTH ? ua.substring(0, MAX_BROWSER_LENGTH) : ua)
                .orElse("-");
        return new LoginRequest(app, context.getConnection().getRemoteAddr(), browser);
    }
}
