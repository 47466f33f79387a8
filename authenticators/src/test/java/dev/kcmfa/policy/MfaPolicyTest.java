package dev.kcmfa.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaMethods;
import dev.kcmfa.email.EmailMethod;
import dev.kcmfa.recovery.RecoveryCodesMethod;
import dev.kcmfa.totp.TotpMethod;
import org.junit.jupiter.api.Test;

class MfaPolicyTest {

    @Test
    void aPolicyWithNothingWrittenIsTheBuiltInDefault() {
        MfaPolicy policy = MfaPolicy.inherit(List.of());

        assertEquals(MfaPolicy.BUILT_IN_DEFAULT, policy);
        assertEquals("built-in", policy.source("enforcement"));
    }

    @Test
    void methodsThatNeedAnAdminsServiceAccountAreAllowedOnlyWhereAPolicyNamesThem() throws Exception {
        assertEquals(List.of("push", "totp", "email", "webauthn", "passkey"),
                MfaPolicy.BUILT_IN_DEFAULT.methods().stream().map(MfaMethod::id).toList());
        MfaPolicy named = MfaPolicy.inherit(List.of(scoped("group:/partners", "{\"methods\":[\"duo\",\"yubikey\"]}")));
        assertEquals(List.of("duo", "yubikey"), named.methods().stream().map(MfaMethod::id).toList());
    }

    @Test
    void eachFieldComesFromTheMostSpecificScopeThatWritesItAndSaysWhichOne() throws Exception {
        MfaPolicy policy = MfaPolicy.inherit(List.of(
                scoped("default", "{\"enforcement\":\"optional\",\"maxAttempts\":5}"),
                scoped("group:/staff", "{\"enforcement\":\"required\",\"methods\":[\"totp\"]}"),
                scoped("group:/staff/engineering", "{\"rememberDevice\":\"P7D\"}")));

        assertEquals(Enforcement.REQUIRED, policy.enforcement());
        assertEquals("group:/staff", policy.source("enforcement"));
        assertEquals(List.of(TotpMethod.TOTP), policy.methods());
        assertEquals(5, policy.maxAttempts());
        assertEquals("default", policy.source("maxAttempts"));
        assertEquals(Duration.ofDays(7), policy.rememberDevice().lifetime());
        assertEquals("group:/staff/engineering", policy.source("rememberDevice"));
        assertEquals(Duration.ofMinutes(5), policy.codeTtl());
        assertEquals("built-in", policy.source("codeTtl"));
    }

    @Test
    void aChildGroupMayRelaxItsParent() throws Exception {
        MfaPolicy policy = MfaPolicy.inherit(List.of(
                scoped("group:/staff", "{\"enforcement\":\"required\"}"),
                scoped("group:/staff/kiosk", "{\"enforcement\":\"off\"}")));

        assertEquals(Enforcement.OFF, policy.enforcement());
    }

    @Test
    void severalGroupsGiveTheStrictestOfEveryField() throws Exception {
        MfaPolicy relaxed = MfaPolicy.inherit(List.of(scoped("group:/a",
                "{\"enforcement\":\"optional\",\"methods\":[\"totp\",\"email\"],\"maxAttempts\":5,"
                        + "\"rememberDevice\":\"forever\",\"codeTtl\":\"PT2M\",\"trustedNetworks\":[\"10.0.0.0/8\"]}")));
        MfaPolicy strict = MfaPolicy.inherit(List.of(scoped("group:/b",
                "{\"enforcement\":\"required\",\"methods\":[\"push\",\"totp\"],\"maxAttempts\":3,"
                        + "\"rememberDevice\":\"P1D\",\"codeTtl\":\"PT10M\",\"trustedNetworks\":[\"10.1.0.0/16\"]}")));

        MfaPolicy combined = relaxed.strictest(strict);

        assertEquals(Enforcement.REQUIRED, combined.enforcement());
        assertEquals("group:/b", combined.source("enforcement"));
        assertEquals(List.of(TotpMethod.TOTP), combined.methods());
        assertEquals("group:/a + group:/b", combined.source("methods"));
        assertEquals(3, combined.maxAttempts());
        assertEquals(Duration.ofDays(1), combined.rememberDevice().lifetime());
        assertEquals(Duration.ofMinutes(2), combined.codeTtl());
        assertEquals("group:/a", combined.source("codeTtl"));
        assertTrue(combined.trustedNetworks().trusts("10.1.2.3"), "trusted by both");
        assertFalse(combined.trustedNetworks().trusts("10.2.0.1"), "trusted by one only");
        assertEquals(combined.enforcement(), strict.strictest(relaxed).enforcement(), "order does not matter");
        assertEquals(combined.methods(), strict.strictest(relaxed).methods());
    }

    @Test
    void disjointMethodListsAreNeverWidenedNorEmptied() throws Exception {
        MfaPolicy totpOnly = MfaPolicy.inherit(List.of(scoped("group:/a", "{\"methods\":[\"totp\"]}")));
        MfaPolicy emailOnly = MfaPolicy.inherit(List.of(scoped("group:/b", "{\"methods\":[\"email\"]}")));

        assertEquals(List.of(TotpMethod.TOTP), totpOnly.strictest(emailOnly).methods());
    }

    @Test
    void recoveryCodesJoinTheAllowedMethodsLastExactlyWhenTheirFieldAllowsThem() throws Exception {
        MfaPolicy offered = MfaPolicy.inherit(List.of(
                scoped("default", "{\"methods\":[\"totp\",\"email\"],\"recoveryCodes\":\"offer\"}")));
        MfaPolicy turnedOff = MfaPolicy.inherit(List.of(
                scoped("default", "{\"methods\":[\"totp\"],\"recoveryCodes\":\"offer\"}"),
                scoped("group:/kiosk", "{\"recoveryCodes\":\"off\"}")));

        assertEquals(List.of(TotpMethod.TOTP, EmailMethod.EMAIL, RecoveryCodesMethod.RECOVERY_CODES),
                offered.methods());
        assertEquals(List.of(TotpMethod.TOTP), turnedOff.methods());
        assertEquals("group:/kiosk", turnedOff.source("recoveryCodes"));
        assertEquals(RecoveryCodes.OFF, MfaPolicy.BUILT_IN_DEFAULT.recoveryCodes());
        assertFalse(MfaPolicy.BUILT_IN_DEFAULT.allows(RecoveryCodesMethod.RECOVERY_CODES));
    }

    @Test
    void severalGroupsAllowRecoveryCodesOnlyWhenAllDoAndRequireWins() throws Exception {
        MfaPolicy off = MfaPolicy.inherit(List.of(scoped("group:/a", "{\"recoveryCodes\":\"off\"}")));
        MfaPolicy offer = MfaPolicy.inherit(List.of(scoped("group:/b", "{\"recoveryCodes\":\"offer\"}")));
        MfaPolicy require = MfaPolicy.inherit(List.of(scoped("group:/c", "{\"recoveryCodes\":\"require\"}")));

        assertEquals(RecoveryCodes.OFF, offer.strictest(off).recoveryCodes());
        assertEquals("group:/a", offer.strictest(off).source("recoveryCodes"));
        assertFalse(offer.strictest(off).allows(RecoveryCodesMethod.RECOVERY_CODES));
        assertEquals(RecoveryCodes.REQUIRE, offer.strictest(require).recoveryCodes());
        assertEquals("group:/c", offer.strictest(require).source("recoveryCodes"));
        assertTrue(offer.strictest(require).allows(RecoveryCodesMethod.RECOVERY_CODES));
    }

    @Test
    void aUserWhoseOnlyUsableMethodIsABackupIsRoutedThroughTheEnrollment() {
        // methodFor never starts with recovery codes while a method can be enrolled (HeldFactorFirst runs them first)
        assertTrue(MfaMethods.all().stream().filter(MfaMethod::backupOnly).noneMatch(MfaMethod::enrollableInLogin));
    }

    private static ScopedDocument scoped(String scope, String json) throws PolicyException {
        return new ScopedDocument(scope, PolicyDocument.parse(json));
    }
}
