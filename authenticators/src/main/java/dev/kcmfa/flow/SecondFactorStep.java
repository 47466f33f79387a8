package dev.kcmfa.flow;

import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.kcmfa.apps.UnmetAuthenticationRequirements;
import dev.kcmfa.core.FactorRegistration;
import dev.kcmfa.core.HeldFactorFirst;
import dev.kcmfa.core.LoginEnrollment;
import dev.kcmfa.core.LoginStrength;
import dev.kcmfa.core.MethodConfig;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaMethods;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.core.SecondFactors;
import dev.kcmfa.device.RememberedDevices;
import dev.kcmfa.policy.EnrollmentGrace;
import dev.kcmfa.policy.MethodFallback;
import dev.kcmfa.policy.MfaPolicy;
import dev.kcmfa.policy.NoUsableMethodAuthenticator;
import dev.kcmfa.policy.PolicyResolver;
import dev.kcmfa.recovery.RecoveryCodesSetup;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowCallback;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.events.Details;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * "MFA - second factor": placed once in a flow, it resolves the user's policy, skips MFA where the policy says so
 * ({@link MfaSkip}), offers the methods the user can pass ({@link MethodChoice}, "Try another way") and runs the
 * chosen method's own step ({@link MethodRun}). What every method shares happens here, once: the choice, the
 * enrollment grace ("Not now"), remembering the browser after any method, the preferred method. On a token request
 * (password grant) the tool picks the method with {@code mfa_method}, or by sending that method's answer.
 * What the login proved goes to the tokens ({@link LoginStrength}); an app that asks for a second factor gets it.
 */
public class SecondFactorStep extends MfaStep implements AuthenticationFlowCallback {

    static final String FIELD_TRY_ANOTHER_WAY = "mfaTryAnotherWay";
    static final String FIELD_METHOD = "mfaMethod";
    static final String FIELD_POSTPONE = "postpone";
    static final String FIELD_REMEMBER = "mfaRemember";
    /** The token-request parameter naming the method ({@code mfa_method=push}). */
    static final String PARAM_METHOD = "mfa_method";
    /**
     * Set while the login asks whether to remember this browser: the method that passed and the credential type it
     * passed with ({@code "push|mfa-push"}), for the login event and Keycloak's success of the next request.
     */
    static final String NOTE_REMEMBER_ASKED = "mfa.remember.asked";
    static final String TEMPLATE_CHOOSE = "mfa-choose-method.ftl";
    static final String TEMPLATE_REMEMBER = "mfa-remember-this-browser.ftl";
    static final String MSG_GRACE_OVER = "mfaEnrollmentGraceOver";
    static final String MSG_NOT_OFFERED = "mfaMethodNotOffered";
    static final String ESSENTIAL_LEVEL_MISSED =
            "the level of authentication the client asked for as essential was not reached";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MfaPolicy policy = policy(context);
        if (context.getAuthenticationSession().getAuthNote(NOTE_REMEMBER_ASKED) != null) {
            context.challenge(rememberPage(context));
            return;
        }
        watchEssentialLevel(context);
        if (LoginStrength.essentialLevelBeyondReach(context)) {
            throw essentialLevelMissed(context);
        }
        if (BrokeredLogin.createdHere(context)) {
            context.success(); // nothing to prove yet: the post-broker-login flow asks
            return;
        }
        Optional<MfaMethod> passedWhenLinked = BrokeredLogin.passedWhenLinked(context);
        if (passedWhenLinked.isPresent()) {
            MfaEvents.withMethod(context.getEvent(), passedWhenLinked.get());
            context.success(); // its level and references are this login's already
            return;
        }
        Optional<MfaMethod> provenAtSignIn = policy.methods().stream()
                .filter(m -> m.provenAtSignIn(context.getRealm(), context.getAuthenticationSession())).findFirst();
        if (provenAtSignIn.isPresent()) {
            passedAtSignIn(context, provenAtSignIn.get());
            return;
        }
        Optional<List<String>> upstream = UpstreamMfa.proven(context);
        if (upstream.isPresent() && !FactorRegistration.forbidsSkip(context)) {
            context.getEvent().detail(MfaEvents.DETAIL_SKIPPED, MfaEvents.SKIPPED_UPSTREAM_MFA);
            LoginStrength.secondFactorPassedUpstream(context, upstream.get());
            context.success();
            return;
        }
        Optional<String> skip = LoginStrength.secondFactorRequested(context)
                ? Optional.empty() : MfaSkip.reason(context, policy);
        if (skip.isPresent()) {
            context.getEvent().detail(MfaEvents.DETAIL_SKIPPED, skip.get());
            LoginStrength.secondFactorSkipped(context);
            context.success();
            return;
        }
        Optional<MethodChoice> choice = choice(context, policy);
        if (choice.isEmpty()) {
            return;
        }
        if (signsInAgainBeforeEnrolling(context, choice.get())) {
            return;
        }
        Optional<MfaMethod> method = isTokenRequest(context)
                ? requestedByTool(context, choice.get()) : Optional.of(choice.get().current());
        method.ifPresent(m -> run(context, policy, choice.get(), m, false));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MfaPolicy policy = policy(context);
        if (context.getAuthenticationSession().getAuthNote(NOTE_REMEMBER_ASKED) != null) {
            answerRememberPage(context, policy);
            return;
        }
        Optional<MethodChoice> choice = choice(context, policy);
        if (choice.isEmpty() || signsInAgainBeforeEnrolling(context, choice.get())) {
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey(FIELD_TRY_ANOTHER_WAY)) {
            context.challenge(choosePage(context, choice.get()).createForm(TEMPLATE_CHOOSE));
        } else if (form.containsKey(FIELD_METHOD)) {
            choose(context, policy, choice.get(), form.getFirst(FIELD_METHOD));
        } else if (form.containsKey(FIELD_POSTPONE) && choice.get().enrolls(context.getUser())) {
            postpone(context, policy, choice.get());
        } else {
            run(context, policy, choice.get(), choice.get().current(), true);
        }
    }

    /** The sign-in proved the policy's method itself (a passkey that verified the user): nothing more to ask. */
    private static void passedAtSignIn(AuthenticationFlowContext context, MfaMethod method) {
        MfaEvents.withMethod(context.getEvent(), method);
        LoginStrength.secondFactorPassed(context, method);
        MethodChoice.recordPassed(context.getUser(), method);
        SecondFactors.passed(context, method, method.credentialType().orElse(null));
    }

    /**
     * A first factor is set up only by a login that proved a credential itself ({@link FreshSignIn}); so is a method
     * that may set one up at its own service (Duo).
     */
    private static boolean signsInAgainBeforeEnrolling(AuthenticationFlowContext context, MethodChoice choice) {
        boolean mayEnroll = choice.enrolls(context.getUser()) || choice.current().mayEnrollElsewhere();
        if (mayEnroll && FreshSignIn.needed(context)) {
            FreshSignIn.ask(context);
            return true;
        }
        return false;
    }

    private static MfaPolicy policy(AuthenticationFlowContext context) {
        return PolicyResolver.forRequest(context.getSession(), context.getRealm(), context.getUser());
    }

    /** What the login offers; refuses the login when the policy allows no method this server has. */
    private static Optional<MethodChoice> choice(AuthenticationFlowContext context, MfaPolicy policy) {
        Optional<MethodChoice> choice = MethodChoice.of(context, policy);
        if (choice.isEmpty()) {
            NoUsableMethodAuthenticator.refuse(context);
        }
        return choice;
    }

    /** The chooser's answer: runs the picked method if it is offered; a forged pick gets the chooser back. */
    private void choose(AuthenticationFlowContext context, MfaPolicy policy, MethodChoice choice, String id) {
        Optional<MfaMethod> picked = choice.offeredById(id);
        if (picked.isEmpty()) {
            context.getEvent().user(context.getUser()).error(MfaEvents.ERROR_METHOD_NOT_OFFERED);
            context.challenge(choosePage(context, choice).setError(MSG_NOT_OFFERED).createForm(TEMPLATE_CHOOSE));
            return;
        }
        choice.choose(picked.get());
        run(context, policy, choice, picked.get(), false);
    }

    /**
     * The method a tool asked for: the one {@code mfa_method} names, else the one whose answer it sent ({@code otp},
     * {@code push_number}, {@code duo_passcode}), else the first offered. A method not offered is refused, naming
     * those that are.
     */
    private static Optional<MfaMethod> requestedByTool(AuthenticationFlowContext context, MethodChoice choice) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String named = form.getFirst(PARAM_METHOD);
        if (named == null) {
            return Optional.of(choice.offered().stream()
                    .filter(m -> m.answerParameter().filter(form::containsKey).isPresent())
                    .findFirst().orElse(choice.current()));
        }
        Optional<MfaMethod> method = choice.offeredById(named.trim());
        if (method.isEmpty()) {
            String shown = named.length() > 32 ? named.substring(0, 32) + "…" : named;
            refuseTokenRequest(context, MfaEvents.ERROR_METHOD_NOT_OFFERED, "mfa_method '" + shown + "' is not a "
                    + "second factor this account can pass with the password grant; it can use: "
                    + choice.offered().stream().map(MfaMethod::id).collect(Collectors.joining(", ")));
        }
        return method;
    }

    /** "Not now": honoured only while the policy's grace lasts, and never for a user who holds a factor. */
    private void postpone(AuthenticationFlowContext context, MfaPolicy policy, MethodChoice choice) {
        UserModel user = context.getUser();
        if (SecondFactors.heldBy(user) || EnrollmentGrace.postponableUntil(user, policy).isEmpty()) {
            context.form().setError(MSG_GRACE_OVER);
            run(context, policy, choice, choice.current(), false);
            return;
        }
        MfaEvents.withMethod(context.getEvent(), choice.current());
        context.getEvent().detail(MfaEvents.DETAIL_SKIPPED, MfaEvents.SKIPPED_ENROLLMENT_POSTPONED);
        LoginStrength.secondFactorSkipped(context);
        if (LoginStrength.essentialLevelMissed(context.getSession(), context.getAuthenticationSession(),
                context.getTopLevelFlow())) {
            throw essentialLevelMissed(context); // before Keycloak's LoA condition refuses it with its own page
        }
        context.success();
    }

    /**
     * Runs the method's step with what every method's pages share, then, once it has passed, lets the login on:
     * at once, or after asking whether to remember this browser when its page did not offer to; recovery codes are
     * set up afterwards as the policy says.
     */
    private void run(AuthenticationFlowContext context, MfaPolicy policy, MethodChoice choice, MfaMethod method,
            boolean formPost) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        // a held factor the policy no longer allows: the login still owes the policy's method, which a remembered
        // browser would spare at the next login
        boolean mayRemember = !isTokenRequest(context) && !policy.rememberDevice().isNever()
                && !HeldFactorFirst.owesEnrollment(authSession);
        if (!isTokenRequest(context)) {
            sharedPageParts(context, policy, choice, method, mayRemember);
        }
        Set<MfaMethod> unavailable = MethodFallback.unavailable(authSession);
        if (!unavailable.isEmpty()) {
            context.getEvent().detail(MfaEvents.DETAIL_FALLBACK_FROM,
                    unavailable.stream().map(MfaMethod::id).collect(Collectors.joining(",")));
        }
        boolean heldFactor = SecondFactors.heldBy(context.getUser());
        MethodRun run = MethodRun.run(context, method, formPost);
        if (!run.succeeded()) {
            return;
        }
        if (!SecondFactors.passedInLogin(authSession)) {
            LoginStrength.secondFactorSkipped(context);
            context.success();
            return;
        }
        LoginStrength.secondFactorPassed(context, method);
        MethodChoice.recordPassed(context.getUser(), method);
        if (!RecoveryCodesSetup.afterPassing(context, policy, !heldFactor)) {
            return;
        }
        // a factor this login sets up with its required action does not exist yet: no browser is remembered for it
        mayRemember &= !LoginEnrollment.pending(authSession);
        if (mayRemember && !RememberedDevices.offeredOnPage(context)) {
            authSession.setAuthNote(NOTE_REMEMBER_ASKED, method.id() + "|" + run.credentialType().orElse(""));
            context.challenge(rememberPage(context));
            return;
        }
        if (mayRemember && RememberedDevices.askedOnPage(context)) {
            new RememberedDevices(context.getSession(), context.getRealm()).remember(context.getUser(), policy);
        }
        succeed(context, run.credentialType().orElse(""));
    }

    private static void succeed(AuthenticationFlowContext context, String credentialType) {
        if (credentialType.isEmpty()) {
            context.success();
        } else {
            context.success(credentialType);
        }
    }

    /** The offer of another way, of "Not now" and of "Remember this device", on whichever page the method shows. */
    private static void sharedPageParts(AuthenticationFlowContext context, MfaPolicy policy, MethodChoice choice,
            MfaMethod method, boolean mayRemember) {
        LoginFormsProvider form = context.form();
        if (choice.offered().size() > 1) {
            form.setAttribute("mfaOtherMethods", Boolean.TRUE);
        }
        if (!method.usableBy(context.getUser()) && !SecondFactors.heldBy(context.getUser())) {
            EnrollmentGrace.postponableUntil(context.getUser(), policy)
                    .ifPresent(until -> form.setAttribute("mfaPostponeUntil", new Date(until * 1000)));
        }
        if (mayRemember) {
            RememberedDevices.offerOn(form, policy);
        }
    }

    private static LoginFormsProvider choosePage(AuthenticationFlowContext context, MethodChoice choice) {
        return context.form()
                .setAttribute("mfaMethods", choice.offered().stream().map(MfaMethod::id).toList())
                .setAttribute("mfaEnrolling", choice.enrolls(context.getUser()));
    }

    private static Response rememberPage(AuthenticationFlowContext context) {
        return context.form().createForm(TEMPLATE_REMEMBER);
    }

    private static void answerRememberPage(AuthenticationFlowContext context, MfaPolicy policy) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String[] passed = authSession.getAuthNote(NOTE_REMEMBER_ASKED).split("\\|", 2);
        authSession.removeAuthNote(NOTE_REMEMBER_ASKED);
        MfaMethods.byId(passed[0]).ifPresent(m -> MfaEvents.withMethod(context.getEvent(), m));
        if ("yes".equals(context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD_REMEMBER))) {
            new RememberedDevices(context.getSession(), context.getRealm()).remember(context.getUser(), policy);
        }
        succeed(context, passed.length > 1 ? passed[1] : "");
    }

    /**
     * An app that asked for its level as essential gets the check of Keycloak's LoA condition once the whole flow
     * has passed, whether or not the flow holds such a condition.
     */
    private static void watchEssentialLevel(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (new AcrStore(context.getSession(), authSession).isLevelOfAuthenticationForced()) {
            AuthenticatorUtil.setAuthCallbacksFactoryIds(authSession, MethodConfig.SECOND_FACTOR_STEP);
        }
    }

    @Override
    public void onParentFlowSuccess(AuthenticationFlowContext context) {
        // the level was set when the second factor passed or was skipped
    }

    /** Refuses a login that reached less than the level its app asked for as essential. */
    @Override
    public void onTopFlowSuccess(AuthenticationFlowModel topFlow) {
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (authSession != null && LoginStrength.essentialLevelMissed(session, authSession, topFlow)) {
            throw essentialLevelMissed(session, authSession);
        }
    }

    private static AuthenticationFlowException essentialLevelMissed(AuthenticationFlowContext context) {
        context.getEvent().detail(Details.AUTHENTICATION_ERROR_DETAIL, "acrNotFulfilled");
        return essentialLevelMissed(context.getSession(), context.getAuthenticationSession());
    }

    /**
     * An OpenID Connect app gets the standard error back; other logins Keycloak's page "Authentication requirements
     * not fulfilled", as its LoA condition shows.
     */
    private static AuthenticationFlowException essentialLevelMissed(KeycloakSession session,
                                                                    AuthenticationSessionModel authSession) {
        Response toTheApp = UnmetAuthenticationRequirements.toTheApp(session, authSession, ESSENTIAL_LEVEL_MISSED);
        return toTheApp != null
                ? new AuthenticationFlowException(AuthenticationFlowError.GENERIC_AUTHENTICATION_ERROR, toTheApp)
                : new AuthenticationFlowException(AuthenticationFlowError.GENERIC_AUTHENTICATION_ERROR,
                        ESSENTIAL_LEVEL_MISSED, "acrNotFulfilled");
    }

    /** Runs for every user: the policy decides what happens, including that nothing does. */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }
}
