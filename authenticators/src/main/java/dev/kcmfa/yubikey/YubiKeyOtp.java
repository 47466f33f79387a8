package dev.kcmfa.yubikey;

import java.util.Locale;
import java.util.Optional;

/**
 * The shape of a Yubico OTP as a YubiKey types it: 32 to 48 modhex characters, the last 32 the encrypted token and
 * the ones before them the key's public id. Only the shape is checked here; the validation server decides whether
 * the OTP is genuine and fresh.
 */
record YubiKeyOtp(String value) {

    static final int TOKEN_LENGTH = 32;
    static final int MAX_LENGTH = 48;
    private static final String MODHEX = "cbdefghijklnrtuv";

    /** The OTP typed (spaces trimmed, upper case allowed), or nothing when it is no OTP at all. */
    static Optional<YubiKeyOtp> parse(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String otp = typed.trim().toLowerCase(Locale.ROOT);
        if (otp.length() < TOKEN_LENGTH || otp.length() > MAX_LENGTH
                || !otp.chars().allMatch(c -> MODHEX.indexOf(c) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(new YubiKeyOtp(otp));
    }

    /** The key's public id, the same in every OTP of that key (empty for a key set to send none). */
    String publicId() {
        return value.substring(0, value.length() - TOKEN_LENGTH);
    }
}
