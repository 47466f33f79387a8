package dev.kcmfa.core;

import java.util.Map;

import org.keycloak.device.DeviceRepresentationProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.account.DeviceRepresentation;

/**
 * The browser and operating system a request came from, as names from a fixed list ("Firefox" and "Windows"), for
 * what a user is told about a sign-in (the code email, the phone). The User-Agent header is parsed by Keycloak's own
 * parser, the one behind the account console's device activity, and only names on the lists below come out: the
 * header is attacker-chosen text, and the parser passes parts of agents it does not know through as their "family"
 * (a User-Agent of {@code IMPORTANTbot/1.0} is the browser "IMPORTANTbot").
 *
 * @param browser the browser's (or tool's) name, empty when not on the list
 * @param os      the operating system's name, empty when not on the list
 */
public record RequestDevice(String browser, String os) {

    static final RequestDevice UNKNOWN = new RequestDevice("", "");

    /** ua-parser browser families, and the name shown for each. */
    private static final Map<String, String> BROWSERS = Map.ofEntries(
            Map.entry("Firefox", "Firefox"), Map.entry("Firefox Mobile", "Firefox"),
            Map.entry("Firefox iOS", "Firefox"),
            Map.entry("Chrome", "Chrome"), Map.entry("Chrome Mobile", "Chrome"),
            Map.entry("Chrome Mobile iOS", "Chrome"), Map.entry("Chrome Mobile WebView", "Chrome"),
            Map.entry("HeadlessChrome", "Chrome"), Map.entry("Chromium", "Chromium"),
            Map.entry("Safari", "Safari"), Map.entry("Mobile Safari", "Safari"),
            Map.entry("Mobile Safari UI/WKWebView", "Safari"),
            Map.entry("Edge", "Edge"), Map.entry("Edge Mobile", "Edge"),
            Map.entry("Opera", "Opera"), Map.entry("Opera Mobile", "Opera"), Map.entry("Opera Mini", "Opera"),
            Map.entry("Samsung Internet", "Samsung Internet"), Map.entry("Vivaldi", "Vivaldi"),
            Map.entry("Yandex Browser", "Yandex Browser"), Map.entry("Brave", "Brave"),
            Map.entry("IE", "Internet Explorer"), Map.entry("IE Mobile", "Internet Explorer"),
            // command-line tools and libraries, for password grants
            Map.entry("curl", "curl"), Map.entry("Wget", "Wget"), Map.entry("Python Requests", "Python Requests"),
            Map.entry("okhttp", "OkHttp"), Map.entry("Apache-HttpClient", "Apache HttpClient"),
            Map.entry("PostmanRuntime", "Postman"));

    /** ua-parser operating-system families, and the name shown for each. */
    private static final Map<String, String> SYSTEMS = Map.ofEntries(
            Map.entry("Windows", "Windows"), Map.entry("Mac OS X", "macOS"), Map.entry("Mac OS", "macOS"),
            Map.entry("iOS", "iOS"), Map.entry("Android", "Android"), Map.entry("Chrome OS", "ChromeOS"),
            Map.entry("Linux", "Linux"), Map.entry("Ubuntu", "Linux"), Map.entry("Debian", "Linux"),
            Map.entry("Fedora", "Linux"), Map.entry("Red Hat", "Linux"), Map.entry("CentOS", "Linux"),
            Map.entry("openSUSE", "Linux"), Map.entry("Linux Mint", "Linux"), Map.entry("Arch Linux", "Linux"),
            Map.entry("FreeBSD", "FreeBSD"));

    /** The device of the current request; {@link #UNKNOWN} without a User-Agent or with one over 512 characters. */
    public static RequestDevice of(KeycloakSession session) {
        DeviceRepresentationProvider parser = session.getProvider(DeviceRepresentationProvider.class);
        DeviceRepresentation device = parser == null ? null : parser.deviceRepresentation();
        if (device == null) {
            return UNKNOWN;
        }
        return new RequestDevice(BROWSERS.getOrDefault(family(device.getBrowser()), ""),
                SYSTEMS.getOrDefault(device.getOs(), ""));
    }

    /** Keycloak writes the browser as {@code family/version}; the version never holds a slash, some families do. */
    private static String family(String browser) {
        if (browser == null) {
            return "";
        }
        int slash = browser.lastIndexOf('/');
        return slash < 0 ? browser : browser.substring(0, slash);
    }

    /** The phone's short English label: "Firefox on Windows", "Firefox", "Browser on Windows" or "Unknown device". */
    public String description() {
        if (browser.isEmpty()) {
            return os.isEmpty() ? "Unknown device" : "Browser on " + os;
        }
        return os.isEmpty() ? browser : browser + " on " + os;
    }

    /**
     * The theme message that says the same in the user's language, with the browser as argument {0} and the
     * operating system as {1}: {@code mfaDeviceBrowserOnOs}, {@code mfaDeviceBrowser}, {@code mfaDeviceOs} or
     * {@code mfaDeviceUnknown}.
     */
    public String messageKey() {
        if (browser.isEmpty()) {
            return os.isEmpty() ? "mfaDeviceUnknown" : "mfaDeviceOs";
        }
        return os.isEmpty() ? "mfaDeviceBrowser" : "mfaDeviceBrowserOnOs";
    }
}
