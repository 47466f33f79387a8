package dev.kcmfa.phone;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber;

/**
 * A valid phone number in E.164, for the SMS and voice methods: parsed from what a user types (with Google's
 * libphonenumber, shaded into the provider jar), or read back from what was stored. Immutable; {@link #toString()}
 * is the {@link #masked()} form, so a number that ends up in a log line or an event does not give the user away.
 */
public final class PhoneNumber {

    /** Longer than any real number, however spaced out: longer input is refused before the parser sees it. */
    static final int MAX_TYPED_LENGTH = 32;

    /**
     * What people type: digits, one leading plus, and the separators written between groups (spaces, dashes, dots,
     * parentheses, and the slash German numbers are often written with). No letters: libphonenumber would read
     * vanity numbers (1-800-FLOWERS) and extensions ("ext. 12"), neither of which receives a code.
     */
    private static final Pattern TYPEABLE = Pattern.compile("\\+?[0-9 .()/\\-]+");

    private static final String BULLET = "\u2022";

    /**
     * A text message reaches a mobile; FIXED_LINE_OR_MOBILE is how libphonenumber types countries whose numbers do
     * not tell the two apart (the US, Canada, China...), where refusing it would refuse every mobile. Pagers are not
     * phones that show a text.
     */
    private static final Set<PhoneNumberType> SMS = EnumSet.of(PhoneNumberType.MOBILE,
            PhoneNumberType.FIXED_LINE_OR_MOBILE);

    /**
     * A call reaches a phone the user holds: a mobile or a landline. Refused on purpose: premium rate and shared
     * cost (each code read to them costs money, and calling them on command is the toll-fraud pattern), toll free
     * and UAN (company switchboards, not a person), VoIP and personal numbers (forwarded anywhere, not a phone the
     * user holds), voicemail and pager (nobody answers), and whatever libphonenumber cannot type.
     */
    private static final Set<PhoneNumberType> VOICE = EnumSet.of(PhoneNumberType.MOBILE,
            PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE);

    private final String e164;
    private final String regionCode;
    private final PhoneNumberType type;
    private final String masked;

    private PhoneNumber(Phonenumber.PhoneNumber number) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        this.e164 = util.format(number, PhoneNumberFormat.E164);
        this.regionCode = util.getRegionCodeForNumber(number);
        this.type = util.getNumberType(number);
        this.masked = mask(util.format(number, PhoneNumberFormat.INTERNATIONAL));
    }

    /**
     * Reads what a user typed, internationally ("+49 151 2345 6789", "0049 151...") or nationally in
     * {@code defaultRegion} ("0151 23456789" in DE; null: international only).
     *
     * @throws Invalid {@code mfaPhoneInvalid} unless it is a valid number, of digits and separators only
     */
    public static PhoneNumber parse(String typed, String defaultRegion) throws Invalid {
        String trimmed = typed == null ? "" : typed.strip();
        if (trimmed.length() > MAX_TYPED_LENGTH || !TYPEABLE.matcher(trimmed).matches()) {
            throw new Invalid(Invalid.INVALID);
        }
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            Phonenumber.PhoneNumber number = util.parse(trimmed, upper(defaultRegion));
            if (!util.isValidNumber(number)) {
                throw new Invalid(Invalid.INVALID);
            }
            return new PhoneNumber(number);
        } catch (NumberParseException e) {
            throw new Invalid(Invalid.INVALID);
        }
    }

    /**
     * {@link #parse} for a set-up page: the number must also be from one of {@code allowedRegions} (ISO 3166 codes;
     * empty: any) and reach the user by the method's channel.
     *
     * @throws Invalid with the key that tells the user which of these it is not
     */
    public static PhoneNumber check(String typed, String defaultRegion, Set<String> allowedRegions, boolean forVoice)
            throws Invalid {
        PhoneNumber number = parse(typed, defaultRegion);
        if (!allowedRegions.isEmpty() && allowedRegions.stream().noneMatch(number.regionCode::equalsIgnoreCase)) {
            throw new Invalid(Invalid.NOT_ALLOWED_REGION);
        }
        if (forVoice ? !number.reachesByVoice() : !number.reachesBySms()) {
            throw new Invalid(forVoice ? Invalid.CANNOT_RECEIVE_CALL : Invalid.CANNOT_RECEIVE_SMS);
        }
        return number;
    }

    /**
     * A number as stored. It is not validated again: it was valid when the user set it up, and a later
     * libphonenumber's metadata must not lock them out of a number they still hold.
     *
     * @throws IllegalArgumentException unless {@code stored} is in E.164 ("+" and digits, as {@link #e164()} gives)
     */
    public static PhoneNumber ofE164(String stored) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            Phonenumber.PhoneNumber number = util.parse(stored, null);
            if (util.format(number, PhoneNumberFormat.E164).equals(stored)) {
                return new PhoneNumber(number);
            }
            throw new IllegalArgumentException("not in E.164 form");
        } catch (NumberParseException e) {
            throw new IllegalArgumentException("not a phone number", e);
        }
    }

    /** "+4915123456789": the form to store and to hand an SMS or voice gateway. */
    public String e164() {
        return e164;
    }

    /** The ISO 3166 region ("DE", "US"); "001" for non-geographic numbers such as +800. */
    public String regionCode() {
        return regionCode;
    }

    /**
     * The number as shown to its owner to recognise it by: the country code, then the groups of the international
     * format with every digit but the last two as a bullet ("+1 ••• ••• ••43", "+49 •••• •••••89").
     */
    public String masked() {
        return masked;
    }

    public boolean reachesBySms() {
        return SMS.contains(type);
    }

    public boolean reachesByVoice() {
        return VOICE.contains(type);
    }

    /** Groups in the international format are separated by spaces or dashes; the first group is the country code. */
    private static String mask(String international) {
        String[] groups = international.split("[ \\-]");
        String nationalDigits = international.substring(groups[0].length()).replaceAll("[^0-9]", "");
        int hidden = nationalDigits.length() - 2;
        StringBuilder masked = new StringBuilder(groups[0]);
        for (int i = 1; i < groups.length; i++) {
            masked.append(' ');
            for (char digit : groups[i].toCharArray()) {
                masked.append(hidden-- > 0 ? BULLET : String.valueOf(digit));
            }
        }
        return masked.toString();
    }

    private static String upper(String region) {
        return region == null ? null : region.toUpperCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PhoneNumber that && e164.equals(that.e164);
    }

    @Override
    public int hashCode() {
        return e164.hashCode();
    }

    /** The masked form: never the whole number, wherever this ends up. */
    @Override
    public String toString() {
        return masked;
    }

    /** A number a user typed that cannot be used; {@link #messageKey()} says why, in the theme's words. */
    public static final class Invalid extends Exception {

        private static final long serialVersionUID = 1L;

        static final String INVALID = "mfaPhoneInvalid";
        static final String NOT_ALLOWED_REGION = "mfaPhoneNotAllowedRegion";
        static final String CANNOT_RECEIVE_SMS = "mfaPhoneCannotReceiveSms";
        static final String CANNOT_RECEIVE_CALL = "mfaPhoneCannotReceiveCall";

        private final String messageKey;

        private Invalid(String messageKey) {
            super(messageKey, null, false, false);
            this.messageKey = messageKey;
        }

        /** The theme message to show the user. */
        public String messageKey() {
            return messageKey;
        }
    }
}
