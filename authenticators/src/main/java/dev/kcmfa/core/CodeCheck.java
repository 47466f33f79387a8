package dev.kcmfa.core;

import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.events.Errors;
import org.keycloak.models.UserModel;

/**
 * The one check of a code sent to the user, whatever carries it (email, SMS, a voice call). The code lives only as a
 * hash in the authentication session ({@link OneTimeCode}), expires after the channel's lifetime, and is replaced by
 * a resend; a page refresh does not send again. A code belongs to the login it was sent for: a login that the user's
 * cross-login cooldown kept from sending has none, and says so. Wrong codes are limited per login and counted by
 * brute-force protection.
 *
 * <p>It shows the code page itself while the login goes on, and leaves the two endings that differ between callers to
 * them: a code that matched ({@link Result#PASSED}: sign the user in, or bind the new factor) and a code the service
 * did not take ({@link Result#NOT_SENT}: another method, or {@link #showNotSent()}).
 */
public final class CodeCheck {

    public static final String MSG_INVALID_CODE = "mfaInvalidCode";
    public static final String MSG_MISSING_CODE = "mfaMissingCode";

    public enum Result {
        /** A page is shown, or the login was restarted: nothing left for the caller to do. */
        SHOWN,
        PASSED,
        NOT_SENT
    }

    private static final Logger LOG = Logger.getLogger(CodeCheck.class);

    private final CodeRequest request;
    private final CodeChannel channel;
    private final CodePage page;

    public CodeCheck(CodeRequest request, CodeChannel channel) {
        this.request = request;
        this.channel = channel;
        this.page = new CodePage(request, channel);
    }

    /** The first visit, or a refresh: this login's live code's page, or a new code. */
    public Result start() {
        Optional<OneTimeCode> pending = pending();
        if (pending.isPresent() && !pending.get().expired()) {
            request.challenge(page.show());
            return Result.SHOWN;
        }
        return sendAndAsk(pending, null);
    }

    /** The page's form came back: a request for a new code, or a code to check. */
    public Result answer() {
        MultivaluedMap<String, String> form = request.formParameters();
        return form.containsKey(CodePage.FIELD_RESEND) ? resend(pending()) : verify(pending(), normalized(form.getFirst(CodePage.FIELD_CODE)));
    }

    /** Drops this login's code: after a login passed by other means, nothing sent earlier works any more. */
    public void forget() {
        request.authSession().removeAuthNote(channel.codeNote());
    }

    /** The page for a code that could not be sent, with nothing else to offer. */
    public void showNotSent() {
        request.challenge(request.form().setError(channel.messages().sendFailed())
                .createErrorPage(Response.Status.SERVICE_UNAVAILABLE));
    }

    private Optional<OneTimeCode> pending() {
        return OneTimeCode.read(request.authSession(), channel.codeNote());
    }

    /**
     * Checks a typed code against this login's code. A login that has none (another login's send a moment ago held
     * back its own) still checks it, and a code from that other send is wrong here like any other: it counts as a
     * failed attempt, for brute-force protection too, so that starting logins gains no free guesses.
     */
    private Result verify(Optional<OneTimeCode> pending, String code) {
        UserModel user = request.user();
        AttemptLimiter limiter = request.attemptLimiter(channel.method(), channel.maxAttempts());
        if (code.isEmpty()) {
            request.challenge(page.withCodeError(MSG_MISSING_CODE));
        } else if (limiter.userLockedOut()) {
            request.event().user(user).error(Errors.USER_TEMPORARILY_DISABLED);
            request.challenge(page.withCodeError(MSG_INVALID_CODE));
        } else if (pending.isPresent() && pending.get().expired()) {
            forget();
            request.event().user(user).error(Errors.EXPIRED_CODE);
            request.expired(channel.messages().expired(), () -> page.withCodeError(channel.messages().expired()));
        } else if (pending.isPresent() && pending.get().matches(code)) {
            forget();
            return Result.PASSED;
        } else if (limiter.recordFailure()) {
            request.event().user(user).error(MfaEvents.ERROR_INVALID_CODE);
            request.challenge(page.withCodeError(MSG_INVALID_CODE));
        } else {
            forget();
            request.event().user(user).error(MfaEvents.ERROR_TOO_MANY_ATTEMPTS);
            limiter.restartLogin();
        }
        return Result.SHOWN;
    }

    private Result resend(Optional<OneTimeCode> pending) {
        CodeSettings settings = channel.settings();
        if (pending.isPresent() && pending.get().secondsSinceSent() < settings.resendCooldownSeconds()) {
            request.challenge(page.withCooldownWarning(channel.messages().notResent()));
        } else if (pending.isPresent() && pending.get().sends() >= settings.maxSendsPerLogin()) {
            request.challenge(page.withCodeError(channel.messages().noMoreSends()));
        } else {
            return sendAndAsk(pending, pending.isPresent() ? channel.messages().sentAgain()
                    : channel.messages().sentForThisLogin());
        }
        return Result.SHOWN;
    }

    /**
     * Sends this login's next code, unless the user's cross-login limits hold it back. Held back by the cooldown,
     * the page says so: with this login's earlier code still working, or, for a login that has none yet, that the
     * code sent a moment ago belongs to another login.
     */
    private Result sendAndAsk(Optional<OneTimeCode> pending, String info) {
        boolean liveCode = pending.isPresent() && !pending.get().expired();
        UserSendLimit.Verdict verdict = UserSendLimit.tryAcquireAll(channel.sendLimits());
        if (verdict == UserSendLimit.Verdict.COOLDOWN) {
            request.challenge(liveCode ? page.withCooldownWarning(channel.messages().notResent()) : page.show());
            return Result.SHOWN;
        } else if (verdict == UserSendLimit.Verdict.HOURLY_CAP) {
            request.event().user(request.user()).error(MfaEvents.ERROR_SEND_LIMIT);
            request.challenge(request.form().setError(channel.messages().hourlyCap())
                    .createErrorPage(Response.Status.TOO_MANY_REQUESTS));
            return Result.SHOWN;
        }
        String code = OneTimeCode.generate(channel.settings().length());
        int sends = pending.map(OneTimeCode::sends).orElse(0) + 1;
        try {
            channel.send(code, channel.codeTtl(), sends);
        } catch (CodeNotSent e) {
            LOG.warnf("Realm '%s': could not send the %s code (%s)", request.authSession().getRealm().getName(),
                    channel.method().id(), e.getMessage());
            request.event().user(request.user()).error(channel.sendFailedError());
            return Result.NOT_SENT;
        }
        OneTimeCode.store(request.authSession(), channel.codeNote(), code, channel.codeTtl().toSeconds(),
                sends);
        request.challenge(info == null ? page.show() : page.withInfo(info));
        return Result.SHOWN;
    }

    private static String normalized(String code) {
        return code == null ? "" : code.replaceAll("\\s", "");
    }
}
