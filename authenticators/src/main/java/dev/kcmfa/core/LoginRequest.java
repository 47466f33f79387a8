package dev.kcmfa.core;

import java.io.IOException;
import java.util.Locale;
import java.util.Properties;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.theme.Theme;
import org.keycloak.theme.TemplatingUtil;

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
        return new LoginRequest(inUsersLanguage(context, app), context.getConnection().getRemoteAddr(),
                RequestDevice.of(context.getSession()));
    }

    /** The device's short English label, as the phone shows it. */
    public String browser() {
        return device.description();
    }

    /**
     * A client's name may be a message key, as Keycloak's own clients' are ({@code ${client_account-console}}):
     * resolved in the user's language with the login theme's messages and the realm's overrides, as the login pages
     * resolve it. A mail subject and the phone get the words, not the key.
     */
    private static String inUsersLanguage(AuthenticationFlowContext context, String name) {
        if (!name.contains("${")) {
            return name;
        }
        KeycloakSession session = context.getSession();
        Locale locale = session.getContext().resolveLocale(context.getUser());
        try {
            Properties messages = session.theme().getTheme(Theme.Type.LOGIN)
                    .getEnhancedMessages(context.getRealm(), locale);
            return TemplatingUtil.resolveVariables(name, messages);
        } catch (IOException e) {
            return name;
        }
    }
}
