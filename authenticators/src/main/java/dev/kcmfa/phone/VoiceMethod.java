package dev.kcmfa.phone;

import java.util.List;

import dev.kcmfa.phone.gateway.PhoneChannel;

/** A code read out, slowly and twice, in a call to a mobile or landline number. */
public final class VoiceMethod extends PhoneMethod {

    public static final VoiceMethod VOICE = new VoiceMethod();

    public VoiceMethod() {
        super("voice", 90, PhoneChannel.VOICE);
    }

    /** RFC 8176: confirmation by a telephone call, a one-time code. */
    @Override
    public List<String> authenticationReferences() {
        return List.of("tel", "otp");
    }

    @Override
    boolean reaches(PhoneNumber number) {
        return number.reachesByVoice();
    }
}
