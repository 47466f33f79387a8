package dev.kcmfa.policy;

/** A policy document that cannot be used, naming the field at fault. */
public class PolicyException extends Exception {

    private final String field;

    public PolicyException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
