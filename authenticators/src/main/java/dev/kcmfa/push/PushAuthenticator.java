package dev.kcmfa.push;

import java.util.Optional;
import java.util.Set;

import dev.kcmfa.core.FactorRegistration;
import dev.kcmfa.core.LoginRequest;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.core.SecondFactors;
import dev.kcmfa.policy.MethodFallback;
import dev.kcmfa.policy.MfaPolicy;
import dev.kcmfa.policy.PolicyResolver;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.forms.login.MessageType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Push approval with number matching. A user without a phone enrolls one from a QR code inside the login; a user
 * with one gets a challenge: its id goes to the phone through FCM, the browser shows a two-digit number and waits
 * (long-poll) for the phone's signed answer, which the phone sends to {@link PushResource}. The answer is read here
 * from the single-use-object store, so the phone may reach any cluster node.
 */
public class PushAuthenticator extends MfaStep {

    static final String TEMPLATE_WAIT = "mfa-push.ftl";
    static final String NOTE_CHALLENGE = "mfa.push.challenge";
    /** What became of the current challenge's push ({@link PushNotifier.Delivery}), for the page and its reloads. */
    static final String NOTE_DELIVERY = "mfa.push.delivery";
    static final String FIELD_RESEND = "resend";
    static final String FIELD_FALLBACK = "fallback";

    static final String MSG_DENIED = "mfaPushDenied";
    static final String MSG_EXPIRED = "mfaPushExpired";
    static final String MSG_BUSY = "mfaPushBusy";
    static final String MSG_NOT_DELIVERED = "mfaPushNotDelivered";
    static final String MSG_ENROLLMENT_ENDED = "mfaPushEnrollmentEnded";
    static final String MSG_HOURLY_CAP = "mfaPushHourlyCap";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), PushMethod.PUSH);
        if (PushCredentialModel.phonesOf(context.getUser()).isEmpty()) {
            // Guarded where the page is shown: it mints the enrollment token, and the phone (not this login)
            // stores the credential, so once the phone has enrolled the user holds it.
            if (!FactorRegistration.refused(context)) {
                context.challenge(enrollmentPage(context, null));
            }
        } else {
            PushEnrollment.forget(context.getAuthenticationSession());
            Optional<PushChallenge> current = currentChallenge(context)
                    .filter(c -> c.status() == PushChallenge.Status.PENDING);
            if (current.isPresent()) {
                context.challenge(waitPage(context, current.get()));
            } else {
                startChallenge(context);
            }
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MfaEvents.withMethod(context.getEvent(), PushMethod.PUSH);
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (PushCredentialModel.phonesOf(context.getUser()).isEmpty()
                || PushEnrollment.inProgress(context.getAuthenticationSession())) {
            finishEnrollment(context);
        } else if (form.containsKey(FIELD_RESEND)) {
            startChallenge(context);
        } else if (form.containsKey(FIELD_FALLBACK)) {
            useAnotherMethod(context);
        } else {
            checkAnswer(context);
        }
    }

    private void finishEnrollment(AuthenticationFlowContext context) {
        KeycloakSession session = context.getSession();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = context.getUser();
        if (PushEnrollment.completed(session, authSession, user)) {
            context.getEvent().detail(MfaEvents.DETAIL_ENROLLED, "true");
            passed(context);
        } else if (PushEnrollment.ended(session, authSession, user)) {
            // another browser of the user enrolled a phone first, or the user set up another factor meanwhile: this
            // QR code cannot finish the login; it starts over and the flow asks for the factor the user has now
            PushEnrollment.forget(authSession);
            context.getEvent().user(user).error(MfaEvents.ERROR_PUSH_ENROLLMENT_ENDED);
            context.forkWithErrorMessage(new FormMessage(MSG_ENROLLMENT_ENDED));
        } else if (!FactorRegistration.refused(context)) {
            context.challenge(enrollmentPage(context, PushEnrollment.MSG_NOT_ENROLLED_YET));
        }
    }

    private void startChallenge(AuthenticationFlowContext context) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        PushSettings settings = PushSettings.of(context.getAuthenticatorConfig());
        if (!PushNotifier.withinHourlyCap(session, realm, user, settings)) {
            context.getEvent().user(user).error(MfaEvents.ERROR_SEND_LIMIT);
            context.challenge(context.form().setError(MSG_HOURLY_CAP).createErrorPage(Response.Status.TOO_MANY_REQUESTS));
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        PushChallengeStore challenges = PushChallengeStore.of(session);
        Optional<PushChallenge> started = challenges.start(realm.getId(), user.getId(),
                authSession.getParentSession().getId(), settings.challengeSeconds(), LoginRequest.of(context));
        if (started.isEmpty()) {
            context.challenge(offerFallback(context, context.form().setError(MSG_BUSY)).createForm(TEMPLATE_WAIT));
            return;
        }
        PushChallenge challenge = started.get();
        challenges.save(challenge);
        authSession.setAuthNote(NOTE_CHALLENGE, challenge.id());
        PushNotifier.Delivery delivery = PushNotifier.notifyPhones(session, realm, user, settings, challenge);
        authSession.setAuthNote(NOTE_DELIVERY, delivery.name());
        context.challenge(waitPage(context, challenge));
    }

    /**
     * "Use another method": withdraws the request from the phone and lets the flow pick the user's next usable
     * method. Nothing happens unless the user can pass another allowed method (a forged request gets the page back).
     */
    private void useAnotherMethod(AuthenticationFlowContext context) {
        Optional<PushChallenge> current = currentChallenge(context);
        if (fallback(context).isEmpty()) {
            current.ifPresentOrElse(c -> context.challenge(waitPage(context, c)), () -> startChallenge(context));
            return;
        }
        current.ifPresent(PushChallengeStore.of(context.getSession())::finish);
        context.getAuthenticationSession().removeAuthNote(NOTE_CHALLENGE);
        MethodFallback.chooseAnotherThan(context, PushMethod.PUSH);
    }

    private static Optional<MfaMethod> fallback(AuthenticationFlowContext context) {
        return PolicyResolver.forRequest(context.getSession(), context.getRealm(), context.getUser())
                .fallbackFor(context.getUser(), Set.of(PushMethod.PUSH));
    }

    private void checkAnswer(AuthenticationFlowContext context) {
        Optional<PushChallenge> challenge = currentChallenge(context);
        PushChallenge.Status status = challenge.map(PushChallenge::status).orElse(PushChallenge.Status.EXPIRED);
        switch (status) {
            case PENDING -> context.challenge(waitPage(context, challenge.get()));
            case APPROVED -> approved(context, challenge.get());
            case EXPIRED -> {
                challenge.ifPresent(PushChallengeStore.of(context.getSession())::finish);
                context.getEvent().user(context.getUser()).error(Errors.EXPIRED_CODE);
                context.forkWithErrorMessage(new FormMessage(MSG_EXPIRED));
            }
            default -> {
                // the phone's answer was already logged and counted by PushResource, where it arrived
                PushChallengeStore.of(context.getSession()).finish(challenge.get());
                context.getAuthenticationSession().removeAuthNote(NOTE_CHALLENGE);
                context.forkWithErrorMessage(new FormMessage(MSG_DENIED));
            }
        }
    }

    private void approved(AuthenticationFlowContext context, PushChallenge challenge) {
        PushChallengeStore.of(context.getSession()).finish(challenge);
        context.getAuthenticationSession().removeAuthNote(NOTE_CHALLENGE);
        CredentialModel phone = context.getUser().credentialManager()
                .getStoredCredentialById(challenge.answeringCredential());
        if (phone == null || !PushCredentialModel.TYPE.equals(phone.getType())
                || !challenge.userId().equals(context.getUser().getId())) {
            // cannot happen through PushResource; refuse rather than trust a store entry that does not add up
            context.getEvent().user(context.getUser()).error(Errors.INVALID_USER_CREDENTIALS);
            context.forkWithErrorMessage(new FormMessage(MSG_DENIED));
            return;
        }
        passed(context);
    }

    private static void passed(AuthenticationFlowContext context) {
        SecondFactors.passed(context, PushMethod.PUSH, PushCredentialModel.TYPE);
    }

    private static Optional<PushChallenge> currentChallenge(AuthenticationFlowContext context) {
        return PushChallengeStore.of(context.getSession())
                .load(context.getAuthenticationSession().getAuthNote(NOTE_CHALLENGE))
                .filter(c -> c.userId().equals(context.getUser().getId()));
    }

    /**
     * The number to match, with words for what happened to the push: sent; not pushed (no FCM, the app asks
     * Keycloak: open it, or run the reference device); or failed, with a warning.
     */
    private static Response waitPage(AuthenticationFlowContext context, PushChallenge challenge) {
        PushNotifier.Delivery delivery = delivery(context.getAuthenticationSession());
        LoginFormsProvider form = context.form()
                .setAttribute("mfaPushNumber", challenge.number())
                .setAttribute("mfaPushDelivery", delivery.name().toLowerCase())
                .setAttribute("mfaPushApp", PushSettings.of(context.getAuthenticatorConfig()).app())
                .setAttribute("mfaPushStatusUrl", PushEndpoints.base(context.getUriInfo(), context.getRealm())
                        .path("challenges").path(challenge.id()).path("status").build().toString());
        if (delivery == PushNotifier.Delivery.FAILED) {
            form.setMessage(MessageType.WARNING, MSG_NOT_DELIVERED);
        }
        return offerFallback(context, form).createForm(TEMPLATE_WAIT);
    }

    private static PushNotifier.Delivery delivery(AuthenticationSessionModel authSession) {
        String note = authSession.getAuthNote(NOTE_DELIVERY);
        return note == null ? PushNotifier.Delivery.NOT_PUSHED : PushNotifier.Delivery.valueOf(note);
    }

    /** The push page's "use another method" button, when the user can pass another allowed method. */
    private static LoginFormsProvider offerFallback(AuthenticationFlowContext context, LoginFormsProvider form) {
        fallback(context).ifPresent(method -> form.setAttribute("mfaFallbackOffer", method.offerMessageKey()));
        return form;
    }

    private static Response enrollmentPage(AuthenticationFlowContext context, String error) {
        return PushEnrollment.page(context.form(), context.getSession(), context.getRealm(), context.getUser(),
                context.getAuthenticationSession(), context.getUriInfo(),
                PushSettings.of(context.getAuthenticatorConfig()).app(), error);
    }


    /**
     * Runs whenever the policy allows push (a user without a phone enrolls one in the login), and for a user with a
     * phone the policy no longer allows, whom the login asks to approve before enrolling the policy's method (see
     * {@link dev.kcmfa.core.HeldFactorFirst}).
     */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return !PushCredentialModel.phonesOf(user).isEmpty()
                || PolicyResolver.forRequest(session, realm, user).allows(PushMethod.PUSH);
    }
}
