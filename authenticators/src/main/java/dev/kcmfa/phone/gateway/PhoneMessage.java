package dev.kcmfa.phone.gateway;

/**
 * What to send: the E.164 number, the channel, the text (for a call: the words to speak) and the BCP-47 language tag
 * of the user's locale ({@code de-DE} or {@code de}).
 */
public record PhoneMessage(String to, PhoneChannel channel, String text, String languageTag) {

    /** The number as logs and admin messages may show it. */
    public String maskedTo() {
        return PhoneNumbers.masked(to);
    }

    /** "SMS to ***78" or "call to ***78": what a failure message says was being sent. */
    public String summary() {
        return (channel == PhoneChannel.VOICE ? "call" : "SMS") + " to " + maskedTo();
    }
}
