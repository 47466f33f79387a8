package dev.kcmfa.core;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;

/**
 * One form post answered by one of Keycloak's own authenticators (its WebAuthn check) inside a method's step.
 * Keycloak's authenticator sees the login as in a flow of its own, except that its outcome is held back: its
 * {@code success} so that the method's step counts it as the second factor passed ({@link SecondFactors#passed}),
 * and its failures, which would end the login on Keycloak's error page, so that the method's step answers with its
 * own page, which offers another way. Keycloak's authenticator has written its event and set its error message on the
 * login form by then.
 */
public final class KeycloaksStep extends ContextView {

    private boolean failed;

    private KeycloaksStep(AuthenticationFlowContext context) {
        super(context);
    }

    /** Runs {@code keycloaks.action} on this request's form post and tells how it ended. */
    public static KeycloaksStep action(Authenticator keycloaks, AuthenticationFlowContext context) {
        KeycloaksStep run = new KeycloaksStep(context);
        keycloaks.action(run.view());
        return run;
    }

    /** Whether Keycloak's authenticator refused the answer. */
    public boolean failed() {
        return failed;
    }

    @Override
    protected Object answer(String name, Object[] args) {
        if ("failure".equals(name) || "failureChallenge".equals(name)) {
            failed = true;
            return null;
        }
        return PASS_THROUGH;
    }
}
