package dev.kcmfa.recovery;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kcmfa.core.LoginRequest;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.UserModel;

/**
 * Tells the user that a recovery code signed in to their account (when, from where, how many codes are left), by
 * the realm's email settings and the bundle's email template: someone who has the password and a code is in, and a
 * user who did not do it must hear about it. A mail that cannot be sent does not stop the login the code passed.
 */
final class RecoveryCodeUsedEmail {

    static final String TEMPLATE = "mfa-recovery-code-used.ftl";
    static final String SUBJECT = "mfaRecoveryCodeUsedSubject";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final Logger LOG = Logger.getLogger(RecoveryCodeUsedEmail.class);

    private RecoveryCodeUsedEmail() {
    }

    static void send(AuthenticationFlowContext context, int codesLeft) {
        UserModel user = context.getUser();
        if (user.getEmail() == null || user.getEmail().isBlank()) {
            LOG.debugf("User %s has no email address: not told that a recovery code was used", user.getId());
            return;
        }
        LoginRequest request = LoginRequest.of(context);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("appName", request.app());
        attributes.put("usedAt", WHEN.format(Instant.ofEpochMilli(Time.currentTimeMillis())));
        attributes.put("codesLeft", codesLeft);
        attributes.put("ipAddress", request.ipAddress());
        // the device as a theme message and names from a fixed list: the template never sees the User-Agent
        attributes.put("deviceMessage", request.device().messageKey());
        attributes.put("deviceBrowser", request.device().browser());
        attributes.put("deviceOs", request.device().os());
        try {
            context.getSession().getProvider(EmailTemplateProvider.class)
                    .setRealm(context.getRealm())
                    .setUser(user)
                    .setAuthenticationSession(context.getAuthenticationSession())
                    .send(SUBJECT, List.of(request.app()), TEMPLATE, attributes);
        } catch (EmailException e) {
            LOG.warnf("Realm '%s': could not tell user %s that a recovery code was used: %s",
                    context.getRealm().getName(), user.getId(), e.getMessage());
        }
    }
}
