package dev.kcmfa.phone.gateway;

import java.util.regex.Pattern;

/** Phone numbers as logs and messages may show them: never whole, only their last two digits. */
public final class PhoneNumbers {

    private static final int SHOWN_DIGITS = 2;
    private static final Pattern DIGIT_RUN = Pattern.compile("\\+?\\d{7,}");

    private PhoneNumbers() {
    }

    /** {@code +4915112345678} becomes {@code ***78}; anything with fewer digits becomes {@code ***}. */
    public static String masked(String number) {
        String digits = number == null ? "" : number.replaceAll("\\D", "");
        return digits.length() <= SHOWN_DIGITS ? "***" : "***" + digits.substring(digits.length() - SHOWN_DIGITS);
    }

    /** The text with every run of 7 or more digits (a number, whatever else it may be) masked: for service answers. */
    public static String maskedIn(String text) {
        return text == null ? "" : DIGIT_RUN.matcher(text)
                .replaceAll(match -> masked(match.group()));
    }

    /** Whether this is an E.164 number: a plus, then 8 to 15 digits, the first not 0. */
    public static boolean isE164(String number) {
        return number != null && number.matches("\\+[1-9]\\d{7,14}");
    }
}
