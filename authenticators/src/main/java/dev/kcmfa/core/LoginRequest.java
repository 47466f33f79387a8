package dev.kcmfa.core;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.ClientModel;

/**
 * What a user is told about a sign-in that asks for their second factor (in the email, on the phone): the app, and the
 * IP address and device it came from. The address is Keycloak's own view of the client (its proxy settings decide),
 * never a header parsed here; the device is a name from a fixed list ({@link RequestDevice}), never the User-Agent's
 * text. The app's name is the admin's (the client's name, else its id): shown as text, never as markup.
 */
public record LoginRequest(String app, String ipAddress, RequestDevice device) {

    public static LoginRequest of(AuthenticationFlowContext context) {
        ClientModel client = context.getAuthenticationSession().getClient();
        String app = client.getName() != null && !client.getName().isBlank() ? client.getName() : client.getClientId();
        return new LoginRequest(app, context.getConnection().getRemoteAddr(), RequestDevice.of(context.getSession()));
    }

    /** The device's short English label, as the phone shows it. */
    public String browser() {
        return device.description();
    }
}
