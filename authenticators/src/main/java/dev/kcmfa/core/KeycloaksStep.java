package dev.kcmfa.core;

import java.util.Set;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.UserModel;

/**
 * One form post answered by one of Keycloak's own authenticators (its WebAuthn check) inside a method's step.
 * Keycloak's authenticator sees the login as in a flow of its own, except that its outcome is held back: its
 * {@code success} so that the method's step counts it as the second factor passed ({@link SecondFactors#passed}),
 * and its failures, which would end the login on Keycloak's error page, so that the method's step answers with its
 * own page, which offers another way. Keycloak's authenticator has written its event and set its error message on the
 * login form by then.
 * <p>
 * A second factor checks the user the first factor identified, and nothing else: Keycloak's authenticator may not
 * change the login's user (its passwordless check reads a posted {@code username}, as on its own username form), and
 * its "attempted" (a post it cannot use), which Keycloak's flow counts as a passed step, is a failure here.
 */
public final class KeycloaksStep extends ContextView {

    /** What Keycloak's authenticator may not do to the login from inside a second factor: each is a failure. */
    private static final Set<String> REFUSED = Set.of("failure", "failureChallenge", "attempted", "clearUser");

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

    /** Whether Keycloak's authenticator passed the login's own user, and did nothing it may not. */
    public boolean passed() {
        return succeeded() && !failed;
    }

    @Override
    protected Object answer(String name, Object[] args) {
        if (REFUSED.contains(name) || ("setUser".equals(name) && !sameUser((UserModel) args[0]))) {
            failed = true;
            return null;
        }
        return PASS_THROUGH;
    }

    private boolean sameUser(UserModel user) {
        UserModel current = context().getUser();
        return user != null && current != null && current.getId().equals(user.getId());
    }
}
