package dev.kcmfa.yubikey;

import dev.kcmfa.core.AttemptLimiter;
import dev.kcmfa.core.FactorRegistration;
import dev.kcmfa.core.MethodConfig;
import dev.kcmfa.core.MethodSetupAction;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.policy.PolicyResolver;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.utils.FormMessage;

/**
 * "Set up a YubiKey": binds a (further) key with a first OTP, checked by the validation server configured in the
 * realm's browser flow. An admin can ask for it and the account console's "Set up" starts it; like every way of
 * adding a factor, it first wants a factor the user already holds passed ({@link FactorRegistration}).
 */
public class YubiKeyRegisterAction extends MethodSetupAction {

    public static final String PROVIDER_ID = YubiKeyMethod.YUBIKEY.enrollmentAction().orElseThrow();

    public YubiKeyRegisterAction() {
        super(YubiKeyMethod.YUBIKEY, "Set up a YubiKey");
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (!FactorRegistration.refused(context, this)) {
            context.challenge(page(context, null));
        }
    }

    @Override
    public void processAction(RequiredActionContext context) {
        if (FactorRegistration.refused(context, this)) {
            return;
        }
        String typed = context.getHttpRequest().getDecodedFormParameters().getFirst(YubiKeyAuthenticator.FIELD_OTP);
        YubiKeySettings settings = YubiKeySettings.of(
                MethodConfig.inBrowserFlow(context.getRealm(), YubiKeyMethod.YUBIKEY));
        YubiKeyCheck.Result result = YubiKeyCheck.enrollment(context.getSession(), settings, context.getUser(), typed);
        if (result.publicId().isEmpty()) {
            // each OTP costs a validation request: wrong ones are limited as in the login
            if (result.outcome().wrongCode && !limiter(context).recordFailure()) {
                limiter(context).restartLogin();
                return;
            }
            if (result.outcome().eventError != null) {
                context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION_ERROR).user(context.getUser())
                        .detail(Details.CUSTOM_REQUIRED_ACTION, PROVIDER_ID)
                        .detail(MfaEvents.DETAIL_METHOD, YubiKeyMethod.YUBIKEY.id())
                        .error(result.outcome().eventError);
            }
            context.challenge(page(context, result.outcome().message));
            return;
        }
        context.getUser().credentialManager().createStoredCredential(
                YubiKeyCredentialModel.create(result.publicId().get()));
        context.getEvent().detail(MfaEvents.DETAIL_METHOD, YubiKeyMethod.YUBIKEY.id())
                .detail(MfaEvents.DETAIL_ENROLLED, "true");
        context.success();
    }

    private static AttemptLimiter limiter(RequiredActionContext context) {
        return new AttemptLimiter(context, YubiKeyMethod.YUBIKEY, PolicyResolver.forRequest(context.getSession(),
                context.getRealm(), context.getUser()).maxAttempts());
    }

    private static Response page(RequiredActionContext context, String error) {
        var form = context.form();
        if (error != null) {
            form.addError(new FormMessage(YubiKeyAuthenticator.FIELD_OTP, error));
        }
        return form.createForm(YubiKeyAuthenticator.TEMPLATE_ENROLL);
    }
}
