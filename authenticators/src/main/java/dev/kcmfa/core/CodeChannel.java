package dev.kcmfa.core;

import java.time.Duration;
import java.util.List;

import org.keycloak.forms.login.LoginFormsProvider;

/**
 * What a method that sends codes (email, SMS, voice) gives the one {@link CodeCheck}: where a code goes, which
 * limits a send draws on, and how its page looks. One is made per request, bound to that request's login.
 */
public interface CodeChannel {

    MfaMethod method();

    /** The authentication-session note that holds this login's code. */
    String codeNote();

    CodeSettings settings();

    /** How long a code lives (the user's policy's {@code codeTtl}). */
    Duration codeTtl();

    /** Wrong codes one login may type (the user's policy's {@code maxAttempts}). */
    int maxAttempts();

    CodeMessages messages();

    /** The limits across logins and nodes that one send takes from, all of them or none. */
    List<UserSendLimit> sendLimits();

    /** The login template that asks for the code. */
    String template();

    /** Adds what the method's page shows besides the code field: where the code went, masked. */
    LoginFormsProvider describe(LoginFormsProvider form);

    /** Sends this code, valid for {@code ttl}; {@code sends} counts the codes of this login including this one. */
    void send(String code, Duration ttl, int sends) throws CodeNotSent;

    /** The event error of a send that failed. */
    String sendFailedError();
}
