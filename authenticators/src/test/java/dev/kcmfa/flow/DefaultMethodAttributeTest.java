package dev.kcmfa.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaMethods;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.util.JsonSerialization;

/**
 * The user-profile attribute of the user's own default method: it offers every registered method (recovery codes, a
 * backup never asked for first, aside) under its chooser
 * name, and the demo realm ships Keycloak's default user profile plus exactly this attribute (what the installer
 * adds to a realm that has Keycloak's default profile).
 */
class DefaultMethodAttributeTest {

    private static final Path DEMO_REALM = Path.of("../realm-export/mfa-demo-realm.json");

    @Test
    void itOffersEveryRegisteredMethodButTheBackupsLabelledByItsChooserName() throws IOException {
        Map<String, Object> options = DefaultMethodAttribute.definition().getValidations().get("options");
        assertEquals(MfaMethods.all().stream().filter(m -> !m.backupOnly()).map(MfaMethod::id).toList(),
                options.get("options"));
        String prefix = (String) DefaultMethodAttribute.definition().getAnnotations().get("inputOptionLabelsI18nPrefix");
        Properties english = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/theme-resources/messages/messages_en.properties")) {
            english.load(in);
        }
        for (MfaMethod method : MfaMethods.all()) {
            assertEquals(method.nameMessageKey(), prefix + "." + method.id(), "the account console's label key");
        }
        assertFalse(english.getProperty("mfaDefaultMethod", "").isEmpty());
        assertFalse(english.getProperty("mfaDefaultMethodHelp", "").isEmpty());
    }

    @Test
    void theDemoRealmShipsKeycloaksDefaultProfilePlusTheAttribute() throws IOException {
        JsonNode components = JsonSerialization.mapper.readTree(Files.readString(DEMO_REALM))
                .path("components").path(UserProfileProvider.class.getName());
        assertEquals(1, components.size(), components.toString());
        UPConfig shipped = JsonSerialization.readValue(
                components.get(0).path("config").path("kc.user.profile.config").get(0).asText(), UPConfig.class);
        UPConfig expected;
        try (InputStream in = UserProfileProvider.class.getResourceAsStream(
                "/org/keycloak/userprofile/config/keycloak-default-user-profile.json")) {
            expected = JsonSerialization.readValue(in, UPConfig.class);
        }
        expected.addOrReplaceAttribute(DefaultMethodAttribute.definition());

        assertEquals("declarative-user-profile", components.get(0).path("providerId").asText());
        assertEquals(expected, shipped, "shipped: " + shipped + "\nexpected: " + expected);
    }
}
