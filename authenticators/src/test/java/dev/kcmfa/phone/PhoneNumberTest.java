package dev.kcmfa.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

    private static final boolean SMS = false;
    private static final boolean VOICE = true;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "+49 151 2345 6789 | DE | +4915123456789",
            "+49 151 2345 6789 | US | +4915123456789",
            "0151 23456789     | DE | +4915123456789",
            "0049 151-2345-6789| DE | +4915123456789",
            "(0151) 234.567.89 | de | +4915123456789",
            "030/12345678      | DE | +493012345678",
            "(202) 555-0143    | US | +12025550143",
            "202.555.0143      | US | +12025550143",
            "+1 (202) 555-0143 |    | +12025550143",
    })
    void readsWhatUsersType(String typed, String defaultRegion, String e164) throws Exception {
        assertEquals(e164, PhoneNumber.parse(typed, defaultRegion).e164());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "+", "12", "+49 32 12345678", "+49 151 2345 6789 0000 1111", "0151 23456789",
            "+1-800-FLOWERS", "+49 151 2345 6789 ext. 12", "+49 151 2345 678x", "+49 151 ++2345 6789",
            "+49 151 2345 6789;", "+49\u00a0151 2345 6789", "\u0661\u0665\u0661 23456789"})
    void refusesWhatIsNotAValidNumber(String typed) {
        assertKey("mfaPhoneInvalid", () -> PhoneNumber.parse(typed, "US"));
    }

    @Test
    void refusesNullAndNationalNumbersWithoutARegion() {
        assertKey("mfaPhoneInvalid", () -> PhoneNumber.parse(null, "DE"));
        assertKey("mfaPhoneInvalid", () -> PhoneNumber.parse("0151 23456789", null));
    }

    @Test
    void refusesOverLongInputBeforeParsing() throws Exception {
        String padded = "+49 151 2345 6789" + " ".repeat(PhoneNumber.MAX_TYPED_LENGTH);
        assertKey("mfaPhoneInvalid", () -> PhoneNumber.parse("+4" + "9".repeat(PhoneNumber.MAX_TYPED_LENGTH), "DE"));
        assertEquals("+4915123456789", PhoneNumber.parse(padded, "DE").e164(),
                "surrounding blanks are not counted");
        assertKey("mfaPhoneInvalid", () -> PhoneNumber.parse("+49 1 5 1 2 3 4 5 6 7 8 9 - - - - - -", "DE"));
    }

    @Test
    void knowsTheRegion() throws Exception {
        assertEquals("DE", PhoneNumber.parse("0151 23456789", "DE").regionCode());
        assertEquals("GB", PhoneNumber.parse("+44 7400 123456", "DE").regionCode());
        assertEquals("US", PhoneNumber.parse("(202) 555-0143", "US").regionCode());
    }

    @Test
    void regionFilterRefusesOtherCountries() throws Exception {
        Set<String> dach = Set.of("DE", "at", "CH");
        assertEquals("+4915123456789", PhoneNumber.check("0151 23456789", "DE", dach, SMS).e164());
        assertEquals("+436641234567", PhoneNumber.check("+43 664 1234567", "DE", dach, SMS).e164());
        assertKey("mfaPhoneNotAllowedRegion", () -> PhoneNumber.check("+44 7400 123456", "DE", dach, SMS));
        assertEquals("GB", PhoneNumber.check("+44 7400 123456", "DE", Set.of(), SMS).regionCode(),
                "no regions configured: all allowed");
    }

    @Test
    void checkReportsAnInvalidNumberFirst() {
        assertKey("mfaPhoneInvalid", () -> PhoneNumber.check("+49 32 12345678", "DE", Set.of("US"), VOICE));
    }

    @Test
    void germanLandlineIsCalledButNotTexted() throws Exception {
        PhoneNumber landline = PhoneNumber.parse("+49 30 12345678", "DE");
        assertFalse(landline.reachesBySms());
        assertTrue(landline.reachesByVoice());
        assertKey("mfaPhoneCannotReceiveSms", () -> PhoneNumber.check("+49 30 12345678", "DE", Set.of(), SMS));
        assertEquals(landline, PhoneNumber.check("+49 30 12345678", "DE", Set.of(), VOICE));
    }

    @Test
    void mobileIsTextedAndCalled() throws Exception {
        PhoneNumber mobile = PhoneNumber.parse("+49 151 23456789", "DE");
        assertTrue(mobile.reachesBySms());
        assertTrue(mobile.reachesByVoice());
        assertEquals(mobile, PhoneNumber.check("0151 23456789", "DE", Set.of(), SMS));
        assertEquals(mobile, PhoneNumber.check("0151 23456789", "DE", Set.of(), VOICE));
    }

    @Test
    void northAmericanNumbersWhereMobileAndLandlineLookAlikeAreTexted() throws Exception {
        PhoneNumber number = PhoneNumber.parse("(202) 555-0143", "US");
        assertTrue(number.reachesBySms());
        assertTrue(number.reachesByVoice());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0800 1234567", "0900 1234567", "+1 800 555 0199", "+1 900 555 0143", "+800 1234 5678"})
    void tollFreeAndPremiumNumbersAreNeitherCalledNorTexted(String typed) {
        assertKey("mfaPhoneCannotReceiveCall", () -> PhoneNumber.check(typed, "DE", Set.of(), VOICE));
        assertKey("mfaPhoneCannotReceiveSms", () -> PhoneNumber.check(typed, "DE", Set.of(), SMS));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "+12025550143   | +1 ••• ••• ••43",
            "+4915123456789 | +49 •••• •••••89",
            "+493012345678  | +49 •• ••••••78",
            "+33612345678   | +33 • •• •• •• 78",
            "+447400123456  | +44 •••• ••••56",
    })
    void masksAllButCountryCodeAndLastTwoDigits(String e164, String masked) {
        PhoneNumber number = PhoneNumber.ofE164(e164);
        assertEquals(masked, number.masked());
        assertEquals(masked, number.toString(), "never the whole number in a log line");
    }

    @Test
    void storedNumberRoundTrips() throws Exception {
        PhoneNumber typed = PhoneNumber.parse("0151 2345 6789", "DE");
        PhoneNumber stored = PhoneNumber.ofE164(typed.e164());
        assertEquals(typed, stored);
        assertEquals(typed.hashCode(), stored.hashCode());
        assertEquals("DE", stored.regionCode());
        assertTrue(stored.reachesBySms());
        assertEquals(typed.masked(), stored.masked());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "4915123456789", "+49 151 23456789", "015123456789", "+49-151-23456789", "+",
            "tel:+4915123456789"})
    void ofE164RefusesAnythingElse(String stored) {
        assertThrows(IllegalArgumentException.class, () -> PhoneNumber.ofE164(stored));
    }

    @Test
    void ofE164RefusesNull() {
        assertThrows(IllegalArgumentException.class, () -> PhoneNumber.ofE164(null));
    }

    private static void assertKey(String key, Typing typing) {
        assertEquals(key, assertThrows(PhoneNumber.Invalid.class, typing::run).messageKey());
    }

    @FunctionalInterface
    private interface Typing {
        PhoneNumber run() throws PhoneNumber.Invalid;
    }
}
