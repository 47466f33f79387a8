package dev.kcmfa.core;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

import org.keycloak.authentication.AuthenticationFlowContext;

/**
 * The login's flow context as another step sees it when a step of the bundle runs that step inside itself: every call
 * goes to the login's own context, except its {@code success}, which is held back so that the outer step decides what
 * follows, and those this view answers itself (a method's own settings, a failure held back).
 */
public abstract class ContextView implements InvocationHandler {

    /** What {@link #answer} returns for a call the login's own context answers. */
    protected static final Object PASS_THROUGH = new Object();

    private final AuthenticationFlowContext context;
    private boolean succeeded;
    private String credentialType;

    protected ContextView(AuthenticationFlowContext context) {
        this.context = context;
    }

    /** The context to hand to the step that runs inside. */
    protected final AuthenticationFlowContext view() {
        return (AuthenticationFlowContext) Proxy.newProxyInstance(ContextView.class.getClassLoader(),
                new Class<?>[] {AuthenticationFlowContext.class}, this);
    }

    /** The login's own context. */
    protected final AuthenticationFlowContext context() {
        return context;
    }

    /** Whether the inner step called {@code success}. */
    public final boolean succeeded() {
        return succeeded;
    }

    /** The credential type the inner step passed with, as Keycloak's {@code success(type)} takes it. */
    public final Optional<String> credentialType() {
        return succeeded ? Optional.ofNullable(credentialType) : Optional.empty();
    }

    /** This view's answer to a call of the context's method {@code name}, or {@link #PASS_THROUGH}. */
    protected abstract Object answer(String name, Object[] args);

    @Override
    public final Object invoke(Object proxy, Method called, Object[] args) throws Throwable {
        if ("success".equals(called.getName())) {
            succeeded = true;
            credentialType = args == null || args.length == 0 ? null : (String) args[0];
            return null;
        }
        Object own = answer(called.getName(), args);
        if (own != PASS_THROUGH) {
            return own;
        }
        try {
            return called.invoke(context, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
