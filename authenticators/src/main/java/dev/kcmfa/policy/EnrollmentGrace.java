package dev.kcmfa.policy;

import java.util.Optional;

import org.keycloak.common.util.Time;
import org.keycloak.models.UserModel;

/**
 * The policy's {@code enrollmentGrace}: how long a user who must enroll a second factor may still postpone it,
 * counted from the first login that asked. The start is a server-written user attribute; Keycloak's default user
 * profile does not let users edit attributes it does not declare, so users cannot restart their own grace.
 */
public final class EnrollmentGrace {

    static final String ATTRIBUTE_FIRST_ASKED = "mfa.enrollment.first-asked";

    private EnrollmentGrace() {
    }

    /** Records the first ask, and returns until when (epoch seconds) the user may still postpone, if at all. */
    public static Optional<Long> postponableUntil(UserModel user, MfaPolicy policy) {
        if (policy.enrollmentGrace().isZero()) {
            return Optional.empty();
        }
        long firstAsked = firstAsked(user);
        long until = firstAsked + policy.enrollmentGrace().toSeconds();
        return Time.currentTime() < until ? Optional.of(until) : Optional.empty();
    }

    private static long firstAsked(UserModel user) {
        String stored = user.getFirstAttribute(ATTRIBUTE_FIRST_ASKED);
        if (stored != null && stored.matches("\\d{1,12}")) {
            return Long.parseLong(stored);
        }
        long now = Time.currentTime();
        user.setSingleAttribute(ATTRIBUTE_FIRST_ASKED, Long.toString(now));
        return now;
    }
}
