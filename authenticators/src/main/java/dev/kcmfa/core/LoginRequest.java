package dev.kcmfa.core;

import java.io.IOException;
import java.util.Properties;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.theme.Theme;
import org.keycloak.theme.TemplatingUtil;

/**
 * What a user is told about a sign-in that asks for their second factor (in the email, on the phone): the app, and the
 * IP address and device it came from. The address is Keycloak's own view of the client (its proxy settings decide),
 * never a header parsed here; the device is a name from a fixed list ({@link RequestDevice}), never the User-Agent's
 * text. The app's name is the admin's (the client's name, else its id): shown as text, never as markup. A backchannel
 * (CIBA) request also carries the app's {@code bindingMessage}, which the app shows its user too; empty otherwise.
 */
public record LoginRequest(String app, String ipAddress, RequestDevice device, String bindingMessage) {

    private static final Logger LOG = Logger.getLogger(LoginRequest.class);

    public static LoginRequest of(AuthenticationFlowContext context) {
        return of(context.getSession(), context.getAuthenticationSession().getClient(), context.getUser(), "");
    }

    /** A request from {@code client} for {@code user}, coming in on the current HTTP request. */
    public static LoginRequest of(KeycloakSession session, ClientModel client, UserModel user, String bindingMessage) {
        String name = client.getName() != null && !client.getName().isBlank() ? client.getName() : client.getClientId();
        return new LoginRequest(appName(session, user, name), session.getContext().getConnection().getRemoteAddr(),
                RequestDevice.of(session), bindingMessage);
    }

    /**
     * The client's name as Keycloak's own pages show it: a name such as {@code ${client_account-console}} is a key of
     * the realm's login theme messages (with the realm's own translations), read in the user's language, the one
     * Keycloak also mails the user in. Done the way Keycloak names the realm in an authenticator app
     * ({@code TotpUtils}). A name without such a key is returned as it is.
     */
    static String appName(KeycloakSession session, UserModel user, String name) {
        if (!name.contains("${")) {
            return name;
        }
        try {
            Properties messages = session.theme().getTheme(Theme.Type.LOGIN)
                    .getEnhancedMessages(session.getContext().getRealm(), session.getContext().resolveLocale(user));
            return TemplatingUtil.resolveVariables(name, messages);
        } catch (IOException e) {
            LOG.warnf("Could not read the login theme's messages to name the client '%s': %s", name, e.getMessage());
            return name;
        }
    }

    /** The device's short English label, as the phone shows it. */
    public String browser() {
        return device.description();
    }
}
