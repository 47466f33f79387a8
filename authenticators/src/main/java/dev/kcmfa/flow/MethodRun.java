package dev.kcmfa.flow;

import dev.kcmfa.core.ContextView;
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
final class MethodRun extends ContextView {

    private final MfaMethod method;

    private MethodRun(AuthenticationFlowContext context, MfaMethod method) {
        super(context);
        this.method = method;
    }

    /** Runs the method's authenticate (a first visit) or action (a form post) and tells whether it succeeded. */
    static MethodRun run(AuthenticationFlowContext context, MfaMethod method, boolean formPost) {
        MethodRun run = new MethodRun(context, method);
        AuthenticationFlowContext view = run.view();
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

    @Override
    protected Object answer(String name, Object[] args) {
        return "getAuthenticatorConfig".equals(name)
                ? MethodConfig.of(context().getAuthenticatorConfig(), method) : PASS_THROUGH;
    }
}
