package dev.kcmfa.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import dev.kcmfa.core.MfaMethod;
import org.junit.jupiter.api.Test;

class PolicyDocumentTest {

    @Test
    void readsEveryFieldAnAdminWrites() throws Exception {
        PolicyDocument doc = PolicyDocument.parse(
                "{\"enforcement\":\"required\",\"methods\":[\"totp\",\"email\"],\"maxAttempts\":5}");

        assertEquals(Enforcement.REQUIRED, doc.enforcement());
        assertEquals(List.of(MfaMethod.TOTP, MfaMethod.EMAIL), doc.methods());
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
        assertEquals(List.of(MfaMethod.EMAIL), effective.methods());
    }

    @Test
    void namesTheFieldAtFault() {
        assertEquals("policy", assertThrows(PolicyException.class, () -> PolicyDocument.parse("{oops")).field());
        assertEquals("policy", assertThrows(PolicyException.class, () -> PolicyDocument.parse("[]")).field());
        assertEquals("enforcement", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"enforcement\":\"sometimes\"}")).field());
        assertEquals("methods", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"methods\":[\"sms\"]}")).field());
        assertEquals("methods", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"methods\":\"totp\"}")).field());
        assertEquals("maxAttempts", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"maxAttempts\":0}")).field());
        assertEquals("maxAttempts", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"maxAttempts\":1.5}")).field());
        assertEquals("maxAttemps", assertThrows(PolicyException.class,
                () -> PolicyDocument.parse("{\"maxAttemps\":3}")).field());
    }
}
