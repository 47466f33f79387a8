package dev.kcmfa.core;

/** The service that carries codes (mail server, SMS gateway) did not take one; the message is safe to log. */
public final class CodeNotSent extends Exception {

    public CodeNotSent(String message, Throwable cause) {
        super(message, cause);
    }
}
