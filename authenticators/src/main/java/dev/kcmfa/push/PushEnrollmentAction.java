package dev.kcmfa.push;

import dev.kcmfa.core.FactorRegistration;
import dev.kcmfa.core.MethodSetupAction;
import org.keycloak.authentication.RequiredActionContext;

/**
 * "Set up push approval": the same QR enrollment as inside the login, as a required action an admin can ask for and
 * the account console's "Set up" button starts. Like every way of adding a factor, it first wants a factor the user
 * already holds passed ({@link FactorRegistration}).
 */
public class PushEnrollmentAction extends MethodSetupAction {

    public static final String PROVIDER_ID = PushMethod.PUSH.enrollmentAction().orElseThrow();

    public PushEnrollmentAction() {
        super(PushMethod.PUSH, "Set up push approval");
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        // Guarded where the page is shown: it mints the enrollment token, and the phone stores the credential.
        if (!FactorRegistration.refused(context, this)) {
            context.challenge(page(context, null));
        }
    }

    @Override
    public void processAction(RequiredActionContext context) {
        if (!PushEnrollment.completed(context.getSession(), context.getAuthenticationSession(), context.getUser())) {
            if (!FactorRegistration.refused(context, this)) {
                context.challenge(page(context, PushEnrollment.MSG_NOT_ENROLLED_YET));
            }
            return;
        }
        context.success();
    }

    private static jakarta.ws.rs.core.Response page(RequiredActionContext context, String error) {
        // a required action has no step of its own: it names the app the realm's browser-flow push step names
        return PushEnrollment.page(context.form(), context.getSession(), context.getRealm(), context.getUser(),
                context.getAuthenticationSession(), context.getUriInfo(),
                PushSettings.ofBrowserFlow(context.getRealm()).app(), error);
    }
}
