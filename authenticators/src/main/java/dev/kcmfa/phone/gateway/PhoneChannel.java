package dev.kcmfa.phone.gateway;

import java.util.Locale;

/** How a one-time code reaches the phone: a text message, or a call that speaks it. */
public enum PhoneChannel {
    SMS, VOICE;

    /** The channel's name in templates and logs: {@code sms} or {@code voice}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
