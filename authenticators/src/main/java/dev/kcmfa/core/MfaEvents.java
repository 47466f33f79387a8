package dev.kcmfa.core;

import org.keycloak.events.EventBuilder;

/**
 * Event details and error codes shared by every method, so that admins can filter the admin console's
 * events by method and by error whatever the factor.
 */
public final class MfaEvents {

    /** Event detail naming the second factor, e.g. {@code mfa_method=totp}. */
    public static final String DETAIL_METHOD = "mfa_method";
    /** Event detail saying that the factor was enrolled during this login. */
    public static final String DETAIL_ENROLLED = "mfa_enrolled";
    /** Event detail saying that the email's sign-in link, not the typed code, passed the factor. */
    public static final String DETAIL_MAGIC_LINK = "mfa_magic_link";
    /** Event detail saying why the login needed no second factor: one of the {@code SKIPPED_*} values. */
    public static final String DETAIL_SKIPPED = "mfa_skipped";
    /** The methods this login passed over because they were unavailable (a push that could not be delivered). */
    public static final String DETAIL_FALLBACK_FROM = "mfa_fallback_from";
    /** Event detail naming an authenticator configuration that could not be read (the step failed closed). */
    public static final String DETAIL_CONFIG_ERROR = "mfa_config_error";

    /** Event detail: a condition would have skipped MFA, but not for this login: one of the {@code SKIP_REFUSED_*}. */
    public static final String DETAIL_SKIP_REFUSED = "mfa_skip_refused";

    public static final String SKIPPED_POLICY_OFF = "policy_off";
    public static final String SKIPPED_OPTIONAL_NOT_ENROLLED = "optional_not_enrolled";
    public static final String SKIPPED_TRUSTED_NETWORK = "trusted_network";
    public static final String SKIPPED_REMEMBERED_DEVICE = "remembered_device";
    public static final String SKIPPED_ENROLLMENT_POSTPONED = "enrollment_postponed";
    /** A brokered login whose identity provider proved a second factor the step accepts (post-broker login). */
    public static final String SKIPPED_UPSTREAM_MFA = "upstream_mfa";

    /** The login goes on to add, replace or remove a second factor of a user who holds one. */
    public static final String SKIP_REFUSED_CHANGES_FACTOR = "changes_factor";

    /** A second factor was to be changed before one the user holds was passed ({@link FactorRegistration}). */
    public static final String ERROR_EXISTING_FACTOR_FIRST = "existing_factor_required";
    /** A step's config is missing or unusable: the login was refused ({@link #DETAIL_CONFIG_ERROR} says why). */
    public static final String ERROR_MISCONFIGURED = "mfa_misconfigured";
    public static final String ERROR_INVALID_CODE = "invalid_code";
    /** The user (or a tool's {@code mfa_method}) asked for a method this login does not offer them. */
    public static final String ERROR_METHOD_NOT_OFFERED = "mfa_method_not_offered";
    public static final String ERROR_TOO_MANY_ATTEMPTS = "too_many_attempts";
    public static final String ERROR_EMAIL_NOT_VERIFIED = "email_not_verified";
    public static final String ERROR_PUSH_DENIED = "push_denied";
    public static final String ERROR_PUSH_WRONG_NUMBER = "push_wrong_number";
    public static final String ERROR_PUSH_FRAUD = "push_fraud_reported";
    /** A push enrollment QR code that can no longer finish the login: another one of the user won. */
    public static final String ERROR_PUSH_ENROLLMENT_ENDED = "push_enrollment_ended";
    /** Event detail: the IP address of the login a phone answered (the event's own address is the phone's). */
    public static final String DETAIL_LOGIN_IP = "mfa_login_ip";
    /** A user received as many messages as the step allows per hour, counted across all of the user's logins. */
    public static final String ERROR_SEND_LIMIT = "send_limit_reached";
    /** The user's only usable method needs a browser, and the request is a token request (password grant). */
    public static final String ERROR_NEEDS_BROWSER = "mfa_needs_browser";
    /** A token request that would wait for a phone found every place to wait taken (its client's or the node's). */
    public static final String ERROR_TOO_MANY_WAITS = "mfa_too_many_waits";
    /** An email code was to confirm a login that an emailed link opened: the same mailbox proves nothing more. */
    public static final String ERROR_SAME_MAILBOX = "email_same_mailbox";

    private MfaEvents() {
    }

    public static EventBuilder withMethod(EventBuilder event, MfaMethod method) {
        return event.detail(DETAIL_METHOD, method.id());
    }
}
