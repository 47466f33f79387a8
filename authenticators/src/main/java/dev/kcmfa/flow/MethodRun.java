package dev.kcmfa.flow;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

import dev.kcmfa.core.MethodConfig;
import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaStep;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;

/**
 * One request's run of a method's own step inside "MFA - second factor". The step sees the flow's context as if it
 * stood in the flow itself, with two differences: its config is its method's settings out of the second-factor
 * step's config ({@link MethodConfig}), and its {@code success} is held back, so that the second-factor step applies
 * what every method shares (remember this device, the preferred method) before the login goes on.
 */
final class MethodRun implements InvocationHandler {

    private final AuthenticationFlowContext context;
    private final MfaMethod method;
    private boolean succeeded;
    private String credentialType;

    private MethodRun(AuthenticationFlowContext context, MfaMethod method) {
        this.context = context;
        this.method = method;
    }

    /** Runs the method's authenticate (a first visit) or action (a form post) and tells whether it succeeded. */
    static MethodRun run(AuthenticationFlowContext context, MfaMethod method, boolean formPost) {
        MethodRun run = new MethodRun(context, method);
        AuthenticationFlowContext view = (AuthenticationFlowContext) Proxy.newProxyInstance(
                MethodRun.class.getClassLoader(), new Class<?>[] {AuthenticationFlowContext.class}, run);
        Authenticator step = step(context, method);
        try {
            if (formPost) {
                step.action(view);
            } else {
                step.authenticate(view);
            }
        } finally {
            step.close();
        }
        return run;
    }

    /** The method's step for this request: its browser step, or its token-request step for a password grant. */
    private static Authenticator step(AuthenticationFlowContext context, MfaMethod method) {
        String id = MfaStep.isTokenRequest(context)
                ? method.steps().tokenRequest() : method.steps().browser();
        AuthenticatorFactory factory = (AuthenticatorFactory) context.getSession().getKeycloakSessionFactory()
                .getProviderFactory(Authenticator.class, id);
        return factory.create(context.getSession());
    }

    boolean succeeded() {
        return succeeded;
    }

    /** The credential type the method passed with, as Keycloak's {@code success(type)} takes it. */
    Optional<String> credentialType() {
        return Optional.ofNullable(credentialType);
    }

    @Override
    public Object invoke(Object proxy, Method called, Object[] args) throws Throwable {
        switch (called.getName()) {
            case "getAuthenticatorConfig":
                return MethodConfig.of(context.getAuthenticatorConfig(), method);
            case "success":
                succeeded = true;
                credentialType = args == null || args.length == 0 ? null : (String) args[0];
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
