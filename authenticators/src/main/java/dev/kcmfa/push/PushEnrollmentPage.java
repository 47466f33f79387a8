package dev.kcmfa.push;

/**
 * What the enrollment page shows ({@code mfaPush} in {@code mfa-push-enroll.ftl}). JavaBean getters, not a record:
 * Keycloak's FreeMarker exposes bean properties only.
 */
public final class PushEnrollmentPage {

    private final String qrCode;
    private final String enrollUrl;
    private final String statusUrl;

    PushEnrollmentPage(String qrCode, String enrollUrl, String statusUrl) {
        this.qrCode = qrCode;
        this.enrollUrl = enrollUrl;
        this.statusUrl = statusUrl;
    }

    /** Base64 PNG of the enrollment URL. */
    public String getQrCode() {
        return qrCode;
    }

    /** The same URL as text, for a phone that cannot scan (and for the reference CLI). */
    public String getEnrollUrl() {
        return enrollUrl;
    }

    /** Where the page's script waits for the phone to finish enrolling. */
    public String getStatusUrl() {
        return statusUrl;
    }
}
