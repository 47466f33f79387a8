package dev.kcmfa.device;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kcmfa.core.ClientAddress;
import inet.ipaddr.IPAddress;
import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

/**
 * A remembered browser, stored as a Keycloak credential of its own type so that the account console and the admin
 * console list it and remove it one by one. It is not a second factor ({@code SecondFactors} does not count it):
 * it only names what the browser's signed cookie may skip. Created date = first use; the credential data holds the
 * browser and OS (parsed by Keycloak from the User-Agent), the last use, the expiry of the cookie and, where the realm
 * allows ({@link #NETWORK_SETTING}), the client's network prefix.
 */
public final class RememberedDeviceCredential {

    public static final String TYPE = "mfa-remembered-device";

    /**
     * Realm attribute: {@code prefix} shows the network a remembered browser was last used from (the IPv4 /24 or
     * IPv6 /48 of Keycloak's client address); anything else, or absent (the default), stores no network at all.
     */
    public static final String NETWORK_SETTING = "mfa.remembered-device.network";
    static final String NETWORK_PREFIX = "prefix";

    static final int IPV4_PREFIX = 24;
    static final int IPV6_PREFIX = 48;
    /** The column's size. */
    private static final int LABEL_MAX = 255;
    static final String LABEL_KEY = "mfaRememberedDeviceLabel";
    private static final String LABEL_FALLBACK = "{0} on {1} · last used {2}";

    private RememberedDeviceCredential() {
    }

    /**
     * The credential data. {@code rememberedAt} and {@code expiresAt} (seconds) are those of the newest cookie issued
     * for this browser; {@code lastUsed} moves at most once per {@link RememberedDevices#TOUCH_INTERVAL}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String browser, String os, long rememberedAt, long expiresAt, long lastUsed, String network) {

        Data used(long now, String newNetwork) {
            return new Data(browser, os, rememberedAt, expiresAt, now, newNetwork);
        }
    }

    static Data data(CredentialModel model) {
        try {
            return JsonSerialization.readValue(model.getCredentialData(), Data.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static void write(CredentialModel model, Data data, Locale locale, String labelPattern) {
        try {
            model.setCredentialData(JsonSerialization.writeValueAsString(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        model.setUserLabel(label(data, locale, labelPattern));
    }

    /** "Chrome on Linux · last used Dec 7, 2026 · 203.0.113.0/24", in the given language (dates in UTC). */
    static String label(Data data, Locale locale, String pattern) {
        String date = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale)
                .format(Instant.ofEpochSecond(data.lastUsed()).atZone(ZoneOffset.UTC));
        String label;
        try {
            label = new MessageFormat(pattern == null ? LABEL_FALLBACK : pattern, locale)
                    .format(new Object[] {data.browser(), data.os(), date});
        } catch (IllegalArgumentException e) {
            label = MessageFormat.format(LABEL_FALLBACK, data.browser(), data.os(), date);
        }
        if (data.network() != null) {
            label += " · " + data.network();
        }
        return label.length() > LABEL_MAX ? label.substring(0, LABEL_MAX) : label;
    }

    /** The browser's name without its version, as Keycloak's parser gives it ("Chrome/131.0.0" is "Chrome"). */
    static String browserName(String parsed) {
        if (parsed == null || parsed.isBlank()) {
            return "Other";
        }
        int slash = parsed.indexOf('/');
        return slash > 0 ? parsed.substring(0, slash) : parsed;
    }

    /** The client's network: the IPv4 /24 or IPv6 /48 block of the address (an IPv4-mapped one as IPv4). */
    static Optional<String> networkOf(String remoteAddr) {
        return ClientAddress.parse(remoteAddr)
                .map(ip -> ip.toPrefixBlock(ip.isIPv6() ? IPV6_PREFIX : IPV4_PREFIX))
                .map(IPAddress::toCanonicalString);
    }
}
