package dev.kcmfa.phone;

import dev.kcmfa.core.CodeRequest;
import dev.kcmfa.core.FactorRegistration;
import dev.kcmfa.core.MethodConfig;
import dev.kcmfa.core.MethodSetupAction;
import dev.kcmfa.core.MfaEvents;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;

/**
 * "Set up a phone number": a (further) number, proven with a code sent by text, or, where the realm's browser flow
 * sets up only calls, by a call. An admin can ask for it and the account console's "Set up" starts it; like every
 * way of adding a factor, it first wants a factor the user already holds passed ({@link FactorRegistration}).
 */
public class PhoneRegisterAction extends MethodSetupAction {

    public static final String PROVIDER_ID = PhoneMethod.ENROLLMENT_ACTION;

    public PhoneRegisterAction() {
        super(SmsMethod.SMS, "Set up a phone number");
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (!FactorRegistration.refused(context, this)) {
            PhoneMethod method = provingMethod(context.getRealm());
            setUp(context, method).start().ifPresent(number -> enrolled(context, method));
        }
    }

    @Override
    public void processAction(RequiredActionContext context) {
        if (!FactorRegistration.refused(context, this)) {
            PhoneMethod method = provingMethod(context.getRealm());
            setUp(context, method).answer().ifPresent(number -> enrolled(context, method));
        }
    }

    private static void enrolled(RequiredActionContext context, PhoneMethod method) {
        context.getEvent().detail(MfaEvents.DETAIL_METHOD, method.id()).detail(MfaEvents.DETAIL_ENROLLED, "true");
        context.success();
    }

    private static PhoneSetup setUp(RequiredActionContext context, PhoneMethod method) {
        return new PhoneSetup(CodeRequest.of(context), context.getSession(), method,
                settings(context.getRealm(), method));
    }

    /** Texts where the browser flow sends texts; calls where it only calls. */
    private static PhoneMethod provingMethod(RealmModel realm) {
        return settings(realm, SmsMethod.SMS).gateway().isEmpty() && !settings(realm, VoiceMethod.VOICE).gateway()
                .isEmpty() ? VoiceMethod.VOICE : SmsMethod.SMS;
    }

    private static PhoneSettings settings(RealmModel realm, PhoneMethod method) {
        AuthenticatorConfigModel config = MethodConfig.inBrowserFlow(realm, method);
        return PhoneSettings.of(config);
    }
}
