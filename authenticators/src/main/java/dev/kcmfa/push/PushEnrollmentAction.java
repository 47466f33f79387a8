package dev.kcmfa.push;

import dev.kcmfa.core.FactorRegistration;
import dev.kcmfa.core.StatelessProviderFactory;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Set up push approval": the same QR enrollment as inside the login, as a required action an admin can ask for and
 * the account console's "Set up" button starts. Like every way of adding a factor, it first wants a factor the user
 * already holds passed ({@link FactorRegistration}).
 */
public class PushEnrollmentAction
        implements RequiredActionProvider, RequiredActionFactory, CredentialRegistrator,
        StatelessProviderFactory<RequiredActionProvider> {

    public static final String PROVIDER_ID = PushMethod.PUSH.enrollmentAction().orElseThrow();

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        // only ever requested by an admin or the user
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

    /** The account console's "Set up" button asks for it as an application-initiated action. */
    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public int getMaxAuthAge(KeycloakSession session) {
        return FactorRegistration.maxAuthAge(session, this, RequiredActionProvider.super.getMaxAuthAge(session));
    }

    @Override
    public String getCredentialType(KeycloakSession session, AuthenticationSessionModel authenticationSession) {
        return PushCredentialModel.TYPE;
    }

    @Override
    public String getDisplayText() {
        return "Set up push approval";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void close() {
        // stateless
    }
}
