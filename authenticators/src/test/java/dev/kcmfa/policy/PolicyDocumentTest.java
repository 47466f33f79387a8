package dev.kcmfa.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import dev.kcmfa.email.EmailMethod;
import dev.kcmfa.totp.TotpMethod;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

class PolicyDocumentTest {

    @Test
    void readsEveryFieldAnAdminWrites() throws Exception {
        PolicyDocument doc = PolicyDocument.parse(
                "{\"enforcement\":\"required\",\"methods\":[\"totp\",\"email\"],\"maxAttempts\":5}");

        assertEquals(Enforcement.REQUIRED, doc.enforcement());
        assertEquals(List.of(TotpMethod.TOTP, EmailMethod.EMAIL), doc.methods());
        assertEquals(5, doc.maxAttempts());
    }

    @Test
    void leavesUnwrittenFieldsOpenForInheritance() throws Exception {
        PolicyDocument doc = PolicyDocument.parse("{\"maxAttempts\":2}");

        assertNull(doc.enforcement());
        assertNull(doc.methods());
    }

    @Test
    void childFieldsWinAndGapsComeFromTheParent() throws Exception {
        PolicyDocument parent = PolicyDocument.parse("{\"enforcement\":\"required\",\"methods\":[\"totp\"]}");
        PolicyDocument child = PolicyDocument.parse("{\"methods\":[\"email\"]}");

        PolicyDocument effective = child.inheritFrom(parent);

        assertEquals(Enforcement.REQUIRED, effective.enforcement());
        assertEquals(List.of(EmailMethod.EMAIL), effective.methods());
    }

    @Test
    void readsDurationsAndNetworks() throws Exception {
        PolicyDocument doc = PolicyDocument.parse("{\"rememberDevice\":\"P30D\",\"enrollmentGrace\":\"P7D\","
                + "\"codeTtl\":\"PT5M\",\"trustedNetworks\":[\"10.0.0.0/8\",\"2001:db8::/32\"]}");

        assertEquals(Duration.ofDays(30), doc.rememberDevice().lifetime());
        assertEquals(Duration.ofDays(7), doc.enrollmentGrace());
        assertEquals(Duration.ofMinutes(5), doc.codeTtl());
        assertTrue(doc.trustedNetworks().trusts("2001:db8::1"));
        assertEquals(RememberDevice.NEVER, PolicyDocument.parse("{\"rememberDevice\":\"never\"}").rememberDevice());
        assertEquals(RememberDevice.FOREVER, PolicyDocument.parse("{\"rememberDevice\":\"forever\"}").rememberDevice());
    }

    @Test
    void writesBackWhatItRead() throws Exception {
        String json = "{\"enforcement\":\"required\",\"methods\":[\"totp\"],\"rememberDevice\":\"PT12H\","
                + "\"trustedNetworks\":[\"10.0.0.0/8\"],\"enrollmentGrace\":\"P7D\",\"maxAttempts\":4,"
                + "\"codeTtl\":\"PT5M\"}";

        PolicyDocument doc = PolicyDocument.parse(json);

        assertEquals(doc, PolicyDocument.parse(JsonSerialization.writeValueAsString(doc.writtenFields())));
    }

    @Test
    void recoveryCodesHaveAFieldOfTheirOwnAndAreNeverListedInMethods() throws Exception {
        assertEquals(RecoveryCodes.REQUIRE, PolicyDocument.parse("{\"recoveryCodes\":\"require\"}").recoveryCodes());
        assertNull(PolicyDocument.parse("{}").recoveryCodes());
        PolicyException listed = assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"methods\":[\"totp\",\"recovery-codes\"]}"));
        assertEquals("methods", listed.field());
        assertTrue(listed.getMessage().contains("recoveryCodes"), listed.getMessage());
        assertEquals("recoveryCodes", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"recoveryCodes\":\"sometimes\"}")).field());
        assertEquals("recoveryCodes", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"recoveryCodes\":true}")).field());
    }

    @Test
    void namesTheFieldAtFault() {
        assertEquals("policy", assertThrows(PolicyException.class, () -> PolicyDocument.parse("{oops")).field());
        assertEquals("policy", assertThrows(PolicyException.class, () -> PolicyDocument.parse("[]")).field());
        assertEquals("enforcement", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"enforcement\":\"sometimes\"}")).field());
        assertEquals("methods", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"methods\":[\"fax\"]}")).field());
        assertEquals("methods", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"methods\":\"totp\"}")).field());
        assertEquals("maxAttempts", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"maxAttempts\":0}")).field());
        assertEquals("maxAttempts", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"maxAttempts\":1.5}")).field());
        assertEquals("maxAttemps", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"maxAttemps\":3}")).field());
        assertEquals("methods", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"methods\":[]}")).field());
        assertEquals("rememberDevice", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"rememberDevice\":\"30 days\"}")).field());
        assertEquals("codeTtl", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"codeTtl\":\"PT5S\"}")).field());
        assertEquals("enrollmentGrace", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"enrollmentGrace\":\"-PT1H\"}")).field());
        assertEquals("enforcement", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"enforcement\":true}")).field());
        assertEquals("trustedNetworks[0]", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"trustedNetworks\":[\"10.0.0.0/40\"]}")).field());
    }
}
