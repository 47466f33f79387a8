package dev.kcmfa.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;

class PolicyFormTest {

    @Test
    void methodsAndNetworksAreOneTextEachInTheirOrderBothWays() throws Exception {
        MultivaluedHashMap<String, String> entry = new MultivaluedHashMap<>();
        PolicyForm.show(entry, PolicyDocument.parse(
                "{\"methods\": [\"push\", \"totp\"], \"trustedNetworks\": [\"::1/128\", \"10.0.0.0/8\"]}"));

        assertEquals(List.of("push, totp"), entry.get("methods"));
        assertEquals(List.of("::1/128\n10.0.0.0/8"), entry.get("trustedNetworks"));
        assertEquals(List.of("inherit"), entry.get("enforcement"), "an unset enforcement shows as inherit");
        assertEquals("{\"methods\":[\"push\",\"totp\"],\"trustedNetworks\":[\"::1/128\",\"10.0.0.0/8\"]}",
                PolicyForm.json(entry));
    }

    @Test
    void durationsTypedInWordsAreStoredInIsoAndShownInWords() throws Exception {
        MultivaluedHashMap<String, String> entry = new MultivaluedHashMap<>();
        entry.putSingle("rememberDevice", "12 hours");
        entry.putSingle("enrollmentGrace", "1 day 12 hours");
        String json = PolicyForm.json(entry);

        assertEquals("{\"rememberDevice\":\"PT12H\",\"enrollmentGrace\":\"PT36H\"}", json);
        PolicyForm.describeDurations(entry, PolicyDocument.parse(json));
        assertEquals("12 hours", entry.getFirst("rememberDeviceInWords"));
        assertEquals("1 day 12 hours", entry.getFirst("enrollmentGraceInWords"));
        assertEquals("inherited", entry.getFirst("codeTtlInWords"));
        assertEquals("PT12H", entry.getFirst("rememberDevice"));
    }

    @Test
    void wordsAreReadOnlyWhenTheyAreAllWords() {
        assertEquals("P7D", PolicyDurations.isoFromWords("7 days"));
        assertEquals("PT5M", PolicyDurations.isoFromWords("5 Minutes"));
        assertEquals("7 weeks", PolicyDurations.isoFromWords("7 weeks"));
        assertEquals("P7D", PolicyDurations.isoFromWords("P7D"));
        assertEquals("7 days", PolicyDurations.inWords(Duration.ofDays(7)));
        assertEquals("1 minute 30 seconds", PolicyDurations.inWords(Duration.ofSeconds(90)));
    }
}
