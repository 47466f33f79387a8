package dev.kcmfa.push;

import dev.kcmfa.core.StepConfig;

/**
 * The phone app the push pages tell the user to use: its name and store links from the step's settings. With none
 * set, the only app known to work is the bundle's reference device, and the pages give its commands instead (the
 * demo's case). JavaBean getters: Keycloak's FreeMarker exposes bean properties only.
 */
public final class PushApp {

    static final String CONF_NAME = "appName";
    static final String CONF_APP_STORE = "appStoreUrl";
    static final String CONF_GOOGLE_PLAY = "googlePlayUrl";
    /** The reference device as the bundle's build leaves it: {@code mvn package}, from the source tree's root. */
    static final String REFERENCE_COMMAND = "java -jar device-cli/target/kc-mfa-device.jar";

    private final String name;
    private final String appStoreUrl;
    private final String googlePlayUrl;

    private PushApp(String name, String appStoreUrl, String googlePlayUrl) {
        this.name = name;
        this.appStoreUrl = appStoreUrl;
        this.googlePlayUrl = googlePlayUrl;
    }

    /** A link that is not https is left out (and logged by {@link StepConfig#httpsLink}), never shown. */
    static PushApp of(StepConfig config) {
        return new PushApp(config.text(CONF_NAME), config.httpsLink(CONF_APP_STORE).orElse(""),
                config.httpsLink(CONF_GOOGLE_PLAY).orElse(""));
    }

    /** The app's name, or empty: the pages then say "the sign-in app" in the user's language. */
    public String getName() {
        return name;
    }

    public String getAppStoreUrl() {
        return appStoreUrl;
    }

    public String getGooglePlayUrl() {
        return googlePlayUrl;
    }

    /** Nothing set up for a real app: the pages explain the reference device (device-cli) and give its commands. */
    public boolean isReferenceDevice() {
        return name.isEmpty() && appStoreUrl.isEmpty() && googlePlayUrl.isEmpty();
    }

    public String getCommand() {
        return REFERENCE_COMMAND;
    }
}
