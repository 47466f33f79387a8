package dev.kcmfa.flow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaMethods;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * The user-profile attribute in which users set their default second factor themselves (account console,
 * <i>Personal info</i>): a select of the registered methods, labelled by their chooser names ({@code mfaMethod.<id>}),
 * not required, viewed and edited by the user and admins. Keycloak's user-profile validation refuses a value that
 * is no registered method. The flow installer adds it to a realm's user profile when it is missing; once it exists,
 * the realm's definition (an admin's edits included) is the realm's own and is left alone.
 */
final class DefaultMethodAttribute {

    /** The attribute's name; a login reads it through {@link MethodChoice}. */
    static final String NAME = "mfa.default-method";

    private DefaultMethodAttribute() {
    }

    /** The attribute as the installer adds it (and as the demo realm ships it). */
    static UPAttribute definition() {
        UPAttribute attribute = new UPAttribute(NAME,
                new UPAttributePermissions(Set.of("user", "admin"), Set.of("user", "admin")));
        attribute.setDisplayName("${mfaDefaultMethod}");
        attribute.addValidation("options", Map.of("options", MfaMethods.all().stream()
                .filter(m -> !m.backupOnly()).map(MfaMethod::id).toList()));
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("inputType", "select");
        annotations.put("inputOptionLabelsI18nPrefix", "mfaMethod");
        annotations.put("inputHelperTextBefore", "${mfaDefaultMethodHelp}");
        attribute.setAnnotations(annotations);
        return attribute;
    }

    /** Whether the realm of the session's context lacks the attribute (so that installing would add it). */
    static boolean missing(KeycloakSession session) {
        return profiles(session).getConfiguration().getAttribute(NAME) == null;
    }

    /** Adds the attribute to the user profile of the session's context realm, unless it is there already. */
    static void add(KeycloakSession session) {
        UserProfileProvider profiles = profiles(session);
        UPConfig config = profiles.getConfiguration();
        if (config.getAttribute(NAME) == null) {
            profiles.setConfiguration(config.addOrReplaceAttribute(definition()));
        }
    }

    private static UserProfileProvider profiles(KeycloakSession session) {
        return session.getProvider(UserProfileProvider.class);
    }
}
