package dev.kcmfa.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import dev.kcmfa.core.MfaMethod;
import org.junit.jupiter.api.Test;

class MfaPolicyTest {

    @Test
    void aPolicyWithNothingWrittenIsTheBuiltInDefault() {
        assertEquals(MfaPolicy.BUILT_IN_DEFAULT, MfaPolicy.complete(PolicyDocument.EMPTY));
    }

    @Test
    void severalGroupsGiveTheStrictestEnforcementTheCommonMethodsAndTheFewestAttempts() {
        MfaPolicy relaxed = new MfaPolicy(Enforcement.OPTIONAL, List.of(MfaMethod.TOTP, MfaMethod.EMAIL), 5);
        MfaPolicy strict = new MfaPolicy(Enforcement.REQUIRED, List.of(MfaMethod.PUSH, MfaMethod.TOTP), 3);

        MfaPolicy combined = relaxed.strictest(strict);

        assertEquals(new MfaPolicy(Enforcement.REQUIRED, List.of(MfaMethod.TOTP), 3), combined);
        assertEquals(combined, strict.strictest(relaxed), "the order of the groups does not matter");
    }

    @Test
    void disjointMethodListsAreNeverWidenedNorEmptied() {
        MfaPolicy totpOnly = new MfaPolicy(Enforcement.REQUIRED, List.of(MfaMethod.TOTP), 3);
        MfaPolicy emailOnly = new MfaPolicy(Enforcement.REQUIRED, List.of(MfaMethod.EMAIL), 3);

        assertEquals(List.of(MfaMethod.TOTP), totpOnly.strictest(emailOnly).methods());
    }
}
