package dev.kcmfa.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The Result of the console's MFA flows tab says, one line each, the changes the admin API lists, for those the
 * console test's empty realm does not make: a flow rebuilt, a provider that had no post-broker flow
 * a password step installed before it named itself in tokens (and the user-profile attribute it does make).
 */
class FlowInstallerTabResultTest {

    @Test
    void aRebuiltFlowListsTheStepsItHeldAProviderWithoutAFlowSaysNoneAndAttributeAndStepAreNamed() {
        Map<String, Object> rebuilt = new LinkedHashMap<>();
        rebuilt.put("flow", "mfa browser");
        rebuilt.put("action", "updated");
        rebuilt.put("previous", List.of("auth-cookie ALTERNATIVE", "forms ALTERNATIVE", "  otp-form REQUIRED"));
        Map<String, Object> provider = new LinkedHashMap<>();
        provider.put("identityProvider", "partner");
        provider.put("binding", "postBrokerLoginFlowAlias");
        provider.put("from", null);
        provider.put("to", "mfa post broker login");
        Map<String, Object> firstLogin = new LinkedHashMap<>();
        firstLogin.put("identityProvider", "partner");
        firstLogin.put("binding", "firstBrokerLoginFlowAlias");
        firstLogin.put("from", "first broker login");
        firstLogin.put("to", "mfa first broker login");
        Map<String, Object> attribute = new LinkedHashMap<>();
        attribute.put("userProfileAttribute", "mfa.default-method");
        attribute.put("action", "created");
        Map<String, Object> reference = new LinkedHashMap<>();
        reference.put("step", "direct-grant-validate-password");
        reference.put("flow", "mfa direct grant");
        reference.put("settings", Map.of("default.reference.value", "pwd"));
        reference.put("action", "created");

        assertEquals(String.join("\n", "Changes made:",
                        "- flow mfa browser: rebuilt as recommended; its steps were:",
                        "    auth-cookie ALTERNATIVE",
                        "    forms ALTERNATIVE",
                        "      otp-form REQUIRED",
                        "- first broker login flow of identity provider partner: mfa first broker login"
                                + " (was first broker login)",
                        "- post broker login flow of identity provider partner: mfa post broker login (was none)",
                        "- user-profile attribute mfa.default-method: created",
                        "- step direct-grant-validate-password of flow mfa direct grant: settings"
                                + " {\"default.reference.value\":\"pwd\"} created"),
                FlowInstallerTab.result(List.of(rebuilt, firstLogin, provider, attribute, reference), false, true));
    }

    @Test
    void nothingToChangeSaysWhetherTheFlowsAreBoundToo() {
        assertEquals("Nothing to change: the flows are installed and bound",
                FlowInstallerTab.result(List.of(), false, true));
        assertEquals("Nothing to change: the flows are installed", FlowInstallerTab.result(List.of(), true, false));
    }
}
