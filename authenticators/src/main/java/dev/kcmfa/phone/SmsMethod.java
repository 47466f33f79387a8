package dev.kcmfa.phone;

import java.util.List;

import dev.kcmfa.phone.gateway.PhoneChannel;

/** A code sent by text message to a mobile number. */
public final class SmsMethod extends PhoneMethod {

    public static final SmsMethod SMS = new SmsMethod();

    public SmsMethod() {
        super("sms", 80, PhoneChannel.SMS);
    }

    /** RFC 8176: confirmation by text message, a one-time code. */
    @Override
    public List<String> authenticationReferences() {
        return List.of("sms", "otp");
    }

    @Override
    boolean reaches(PhoneNumber number) {
        return number.reachesBySms();
    }
}
