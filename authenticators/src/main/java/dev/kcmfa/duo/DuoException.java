package dev.kcmfa.duo;

/** Duo could not be reached, or answered something that does not verify; the message is fit for the server log. */
class DuoException extends Exception {

    DuoException(String message) {
        super(message);
    }
}
