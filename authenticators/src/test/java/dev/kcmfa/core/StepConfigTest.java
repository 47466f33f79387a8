package dev.kcmfa.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

/** Links from a step's settings reach a page only as absolute https links. */
class StepConfigTest {

    @Test
    void anHttpsLinkIsKept() {
        assertEquals(Optional.of("https://play.google.com/store/apps/details?id=com.acme"),
                link(" https://play.google.com/store/apps/details?id=com.acme "));
    }

    @Test
    void anythingElseIsLeftOut() {
        for (String bad : new String[] {"http://apps.apple.com/app/id1", "javascript:alert(1)", "//apps.apple.com",
                "https://", "https://user:pw@apps.apple.com/app", "not a link", "data:text/html,<b>x</b>"}) {
            assertEquals(Optional.empty(), link(bad), bad);
        }
    }

    @Test
    void anEmptySettingIsNoLink() {
        assertEquals(Optional.empty(), link(""));
    }

    private static Optional<String> link(String value) {
        AuthenticatorConfigModel model = new AuthenticatorConfigModel();
        model.setConfig(Map.of("link", value));
        return StepConfig.of("Test", model).httpsLink("link");
    }
}
