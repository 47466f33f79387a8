package dev.kcmfa.core;

import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The request a {@link CodeCheck} answers: a login step's, or a required action's that proves a new factor (a phone
 * number) with a code. Keycloak's two contexts offer the same things under the same names without a common type;
 * this is what the check uses of them.
 */
public final class CodeRequest {

    private final AuthenticationSessionModel authSession;
    private final UserModel user;
    private final EventBuilder event;
    private final HttpRequest http;
    private final Supplier<LoginFormsProvider> form;
    private final Consumer<Response> challenge;
    private final BiFunction<MfaMethod, Integer, AttemptLimiter> limiter;
    private final Consumer<String> restart;

    private CodeRequest(AuthenticationSessionModel authSession, UserModel user, EventBuilder event, HttpRequest http,
            Supplier<LoginFormsProvider> form, Consumer<Response> challenge,
            BiFunction<MfaMethod, Integer, AttemptLimiter> limiter, Consumer<String> restart) {
        this.authSession = authSession;
        this.user = user;
        this.event = event;
        this.http = http;
        this.form = form;
        this.challenge = challenge;
        this.limiter = limiter;
        this.restart = restart;
    }

    /** A login step: a code that ran out starts the login over with the message. */
    public static CodeRequest of(AuthenticationFlowContext context) {
        return new CodeRequest(context.getAuthenticationSession(), context.getUser(), context.getEvent(),
                context.getHttpRequest(), context::form, context::challenge,
                (method, max) -> new AttemptLimiter(context, method, max),
                message -> context.forkWithErrorMessage(new FormMessage(message)));
    }

    /** A required action: a code that ran out is said on the code page, where a new one can be asked for. */
    public static CodeRequest of(RequiredActionContext context) {
        return new CodeRequest(context.getAuthenticationSession(), context.getUser(), context.getEvent(),
                context.getHttpRequest(), context::form, context::challenge,
                (method, max) -> new AttemptLimiter(context, method, max), null);
    }

    public AuthenticationSessionModel authSession() {
        return authSession;
    }

    public UserModel user() {
        return user;
    }

    public EventBuilder event() {
        return event;
    }

    public LoginFormsProvider form() {
        return form.get();
    }

    public MultivaluedMap<String, String> formParameters() {
        return http.getDecodedFormParameters();
    }

    public void challenge(Response page) {
        challenge.accept(page);
    }

    public AttemptLimiter attemptLimiter(MfaMethod method, int maxAttempts) {
        return limiter.apply(method, maxAttempts);
    }

    /** A code that ran out: the login starts over with the message, or the code page says it. */
    public void expired(String message, Supplier<Response> codePageWithError) {
        if (restart != null) {
            restart.accept(message);
        } else {
            challenge(codePageWithError.get());
        }
    }
}
