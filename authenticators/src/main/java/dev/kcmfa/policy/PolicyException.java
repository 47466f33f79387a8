package dev.kcmfa.policy;

/** A policy document that cannot be used, naming the field at fault. */
public class PolicyException extends Exception {

    private final String field;
    private final String reason;

    public PolicyException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
