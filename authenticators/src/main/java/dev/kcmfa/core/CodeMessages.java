package dev.kcmfa.core;

/**
 * The theme message keys of one method's code pages, all named after one prefix ("mfaEmail" gives
 * {@code mfaEmailCodeExpired}, {@code mfaEmailSendFailed}...), so that a method's bundle entries read alike.
 */
public record CodeMessages(String prefix) {

    /** The code of this login ran out; a new login is started. */
    public String expired() {
        return prefix + "CodeExpired";
    }

    public String sentAgain() {
        return prefix + "CodeSentAgain";
    }

    /** A code sent at last for a login that the cooldown of another one had stopped. */
    public String sentForThisLogin() {
        return prefix + "CodeSentForThisLogin";
    }

    /** Asked for a new code within the cooldown: nothing sent, and this login's code still works. Argument: the wait. */
    public String notResent() {
        return prefix + "CodeNotResent";
    }

    public String noMoreSends() {
        return prefix + "CodeNoMoreSends";
    }

    public String sendFailed() {
        return prefix + "SendFailed";
    }

    public String hourlyCap() {
        return prefix + "HourlyCap";
    }
}
