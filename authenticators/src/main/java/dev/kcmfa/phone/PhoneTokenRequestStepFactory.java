package dev.kcmfa.phone;

import dev.kcmfa.core.MfaMethodFactory;
import dev.kcmfa.core.NeedsBrowserStep;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/** The phone steps for direct grant flows: a token request cannot receive a code, so they ask for a browser. */
public abstract class PhoneTokenRequestStepFactory extends MfaMethodFactory {

    private final PhoneMethod method;
    private final NeedsBrowserStep step;

    PhoneTokenRequestStepFactory(PhoneMethod method, String description) {
        this.method = method;
        this.step = new NeedsBrowserStep(method, description);
    }

    @Override
    public String getId() {
        return method.steps().tokenRequest();
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public String getHelpText() {
        return "For direct grant flows: a token request cannot receive a code by " + method.id() + ", so a user "
                + "whose only usable method is " + method.id() + " gets invalid_grant saying to sign in through the "
                + "browser.";
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return step;
    }

    public static final class Sms extends PhoneTokenRequestStepFactory {

        public Sms() {
            super(SmsMethod.SMS, "This account's second factor is a code sent by text message, which cannot be used "
                    + "with the password grant: sign in through the browser.");
        }

        @Override
        public String getDisplayType() {
            return "MFA - SMS code (direct grant)";
        }
    }

    public static final class Voice extends PhoneTokenRequestStepFactory {

        public Voice() {
            super(VoiceMethod.VOICE, "This account's second factor is a code read out in a call, which cannot be "
                    + "used with the password grant: sign in through the browser.");
        }

        @Override
        public String getDisplayType() {
            return "MFA - Voice call code (direct grant)";
        }
    }
}
