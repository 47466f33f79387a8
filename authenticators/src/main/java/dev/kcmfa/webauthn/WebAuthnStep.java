package dev.kcmfa.webauthn;

import java.util.function.Function;

import dev.kcmfa.core.FactorRegistration;
import dev.kcmfa.core.KeycloaksStep;
import dev.kcmfa.core.LoginEnrollment;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.core.SecondFactors;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.WebAuthnAuthenticator;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A security key or a passkey inside "MFA - second factor". The check is Keycloak's own WebAuthn authenticator, under
 * the realm's WebAuthn policy (relying party, attestation, user verification); the page is the bundle's, which offers
 * another way and remembering the browser. A user who has no key is shown what setting one up means, with "Not now"
 * while the policy's grace lasts; setting it up is Keycloak's registration action, run as part of this login
 * ({@link LoginEnrollment}), and refused to a session that has not passed a factor the user holds
 * ({@link FactorRegistration}).
 */
class WebAuthnStep extends MfaStep {

    static final String TEMPLATE = "mfa-webauthn.ftl";
    static final String TEMPLATE_ENROLL = "mfa-webauthn-enroll.ftl";
    /** The enrollment page's "Set up" button. */
    static final String FIELD_SET_UP = "mfaWebAuthnSetUp";
    /** What Keycloak's script posts: the signed assertion, or the browser's error. */
    private static final String FIELD_ASSERTION = "clientDataJSON";
    private static final String FIELD_BROWSER_ERROR = "error";

    private final MfaMethod method;
    private final Function<KeycloakSession, WebAuthnAuthenticator> keycloaks;

    WebAuthnStep(MfaMethod method, Function<KeycloakSession, WebAuthnAuthenticator> keycloaks) {
        this.method = method;
        this.keycloaks = keycloaks;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), method);
        LoginFormsProvider keyRequest = method.usableBy(context.getUser())
                ? keycloaks.apply(context.getSession()).fillContextForm(context) : null; // null: no key of this kind
        if (keyRequest != null) {
            context.challenge(keyRequest.setAttribute("mfaWebAuthnMethod", method.id()).createForm(TEMPLATE));
        } else if (!FactorRegistration.refused(context)) {
            context.challenge(context.form().setAttribute("mfaWebAuthnMethod", method.id())
                    .createForm(TEMPLATE_ENROLL));
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), method);
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (!method.usableBy(context.getUser())) {
            if (form.containsKey(FIELD_SET_UP) && !FactorRegistration.refused(context)) {
                setUpInThisLogin(context);
            } else {
                authenticate(context);
            }
            return;
        }
        if (!form.containsKey(FIELD_ASSERTION) && !form.containsKey(FIELD_BROWSER_ERROR)) {
            authenticate(context); // "Try again", or a post of another page
            return;
        }
        KeycloaksStep check = KeycloaksStep.action(keycloaks.apply(context.getSession()), context);
        if (check.passed()) {
            SecondFactors.passed(context, method, check.credentialType().orElseThrow());
        } else {
            authenticate(context); // Keycloak's message is on the form, and its event written
        }
    }

    /**
     * The key is registered by Keycloak's action once the flow has passed, before the login issues anything: it
     * counts as the factor this login passed, as an app's first code does.
     */
    private void setUpInThisLogin(AuthenticationFlowContext context) {
        if (LoginEnrollment.add(context, method)) {
            context.getEvent().detail(MfaEvents.DETAIL_ENROLLED, "true");
            SecondFactors.passed(context, method, method.credentialType().orElseThrow());
        }
    }

    /** Runs for every user the policy gives this method: one without a key is offered to set one up. */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }
}
