package dev.kcmfa.phone;

import java.util.Optional;

import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.phone.gateway.PhoneChannel;
import org.keycloak.models.UserModel;

/**
 * A code sent to the user's phone number, by text message ({@link SmsMethod}) or read out in a call
 * ({@link VoiceMethod}). Both use the same numbers (credential {@code mfa-phone}), proven with a code when set up in
 * the login or with the required action {@code mfa-phone-register}. A token request has one round trip, and the code
 * would arrive only after it: phone codes need a browser. NIST SP 800-63B calls them "restricted": a policy keeps
 * them out of groups that need a stronger factor.
 */
public abstract class PhoneMethod extends MfaMethod {

    public static final String ENROLLMENT_ACTION = "mfa-phone-register";

    private final PhoneChannel channel;

    PhoneMethod(String id, int rank, PhoneChannel channel) {
        super(id, rank, PhoneCredentialModel.TYPE, ENROLLMENT_ACTION, false,
                new Steps("mfa-" + id, "mfa-" + id + "-direct-grant"));
        this.channel = channel;
    }

    public final PhoneChannel channel() {
        return channel;
    }

    /** Whether a code by this method reaches the number (a landline takes calls, not texts). */
    abstract boolean reaches(PhoneNumber number);

    /** The first of the user's numbers this method reaches. */
    final Optional<PhoneNumber> numberOf(UserModel user) {
        return PhoneCredentialModel.numbersOf(user).stream().filter(this::reaches).findFirst();
    }

    @Override
    public final boolean usableBy(UserModel user) {
        return numberOf(user).isPresent();
    }

    /** Works only with a gateway account the admin holds: allowed only where a policy names it. */
    @Override
    public final boolean inBuiltInDefault() {
        return false;
    }
}
