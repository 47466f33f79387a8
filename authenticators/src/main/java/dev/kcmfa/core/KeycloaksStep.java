package dev.kcmfa.core;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

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
public final class KeycloaksStep implements InvocationHandler {

    private final AuthenticationFlowContext context;
    private boolean failed;
    private boolean passed;
    private String credentialType;

    private KeycloaksStep(AuthenticationFlowContext context) {
        this.context = context;
    }

    /** Runs {@code keycloaks.action} on this request's form post and tells how it ended. */
    public static KeycloaksStep action(Authenticator keycloaks, AuthenticationFlowContext context) {
        KeycloaksStep run = new KeycloaksStep(context);
        keycloaks.action((AuthenticationFlowContext) Proxy.newProxyInstance(KeycloaksStep.class.getClassLoader(),
                new Class<?>[] {AuthenticationFlowContext.class}, run));
        return run;
    }

    /** The credential type Keycloak's authenticator passed with, if it passed. */
    public Optional<String> passedWith() {
        return passed ? Optional.ofNullable(credentialType) : Optional.empty();
    }

    /** Whether Keycloak's authenticator refused the answer. */
    public boolean failed() {
        return failed;
    }

    @Override
    public Object invoke(Object proxy, Method called, Object[] args) throws Throwable {
        switch (called.getName()) {
            case "success":
                passed = true;
                credentialType = args == null || args.length == 0 ? null : (String) args[0];
                return null;
            case "failure", "failureChallenge":
                failed = true;
                return null;
            default:
                try {
                    return called.invoke(context, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
        }
    }
}
