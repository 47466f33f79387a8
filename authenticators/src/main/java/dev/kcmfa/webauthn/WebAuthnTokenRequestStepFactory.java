package dev.kcmfa.webauthn;

import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaMethodFactory;
import dev.kcmfa.core.NeedsBrowserStep;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/**
 * A WebAuthn method's step for token requests (password grant): WebAuthn is between a browser and the realm's site,
 * so the tool is told to sign in through the browser (or the device grant).
 */
abstract class WebAuthnTokenRequestStepFactory extends MfaMethodFactory {

    private final MfaMethod method;
    private final NeedsBrowserStep step;

    WebAuthnTokenRequestStepFactory(MfaMethod method, String name) {
        this.method = method;
        this.step = new NeedsBrowserStep(method, "This account's second factor is a " + name + ", which cannot be "
                + "used with the password grant: sign in through the browser, or use the device authorization grant.");
    }

    @Override
    public String getId() {
        return method.steps().tokenRequest();
    }

    @Override
    public String getDisplayType() {
        return "MFA - " + method.id() + " (direct grant)";
    }

    @Override
    public String getHelpText() {
        return "For direct grant flows: WebAuthn needs a browser, so a user whose only usable method is " + method.id()
                + " gets invalid_grant saying to sign in through the browser.";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return step;
    }

    public static class SecurityKey extends WebAuthnTokenRequestStepFactory {
        public SecurityKey() {
            super(SecurityKeyMethod.SECURITY_KEY, "security key");
        }
    }

    public static class Passkey extends WebAuthnTokenRequestStepFactory {
        public Passkey() {
            super(PasskeyMethod.PASSKEY, "passkey");
        }
    }
}
