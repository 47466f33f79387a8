package dev.kcmfa.core;

import java.util.Arrays;
import java.util.Optional;

import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;

/**
 * The second factors this bundle offers, as named in policies ({@code "methods": ["totp", ...]}).
 */
public enum MfaMethod {
    PUSH("push", "mfa-push", "mfa-push-enroll", true),
    /** Set up afterwards with Keycloak's CONFIGURE_TOTP (guarded by the bundle's registration package). */
    TOTP("totp", OTPCredentialModel.TYPE, UserModel.RequiredAction.CONFIGURE_TOTP.name(), true),
    /**
     * Needs no credential: a verified email address is enough. A token request has one round trip, and the code
     * would arrive only after it: email needs a browser.
     */
    EMAIL("email", null, null, false),
    /** Enrollment lives at Duo, not in Keycloak. */
    DUO("duo", null, null, true);

    private final String id;
    private final String credentialType;
    private final String enrollmentAction;
    private final boolean worksWithoutBrowser;

    MfaMethod(String id, String credentialType, String enrollmentAction, boolean worksWithoutBrowser) {
        this.id = id;
        this.credentialType = credentialType;
        this.enrollmentAction = enrollmentAction;
        this.worksWithoutBrowser = worksWithoutBrowser;
    }

    /** Whether a token request (the password grant of a standard tool) can pass this factor: it has no browser. */
    public boolean worksWithoutBrowser() {
        return worksWithoutBrowser;
    }

    /** The Keycloak credential type a user holds once enrolled, for methods enrolled in Keycloak. */
    public Optional<String> credentialType() {
        return Optional.ofNullable(credentialType);
    }

    /**
     * The required action (its alias) that enrolls this method after the login passed another factor, for methods
     * enrolled in Keycloak.
     */
    public Optional<String> enrollmentAction() {
        return Optional.ofNullable(enrollmentAction);
    }

    /**
     * Whether the user can pass this factor now: an enrolled credential, for email a verified address; Duo keeps its
     * enrollments itself, so anyone may be sent there.
     */
    public boolean usableBy(UserModel user) {
        if (this == DUO) {
            return true;
        }
        if (this == EMAIL) {
            return user.getEmail() != null && !user.getEmail().isBlank() && user.isEmailVerified();
        }
        return credentialType().map(type -> user.credentialManager().isConfiguredFor(type)).orElse(false);
    }

    /** The name used in policies, events and messages. */
    public String id() {
        return id;
    }

    public static Optional<MfaMethod> fromId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }
}
