package dev.kcmfa.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import dev.kcmfa.device.RememberedDeviceCredential.Data;
import org.junit.jupiter.api.Test;

class RememberedDeviceCredentialTest {

    private static final long DEC_7_2026 = Instant.parse("2026-12-07T15:00:00Z").getEpochSecond();

    @Test
    void theLabelNamesBrowserSystemAndLastUseInTheUsersLanguage() {
        Data data = new Data("Chrome", "Linux", DEC_7_2026, DEC_7_2026 + 3600, DEC_7_2026, null);

        assertEquals("Chrome on Linux · last used Dec 7, 2026",
                RememberedDeviceCredential.label(data, Locale.ENGLISH, "{0} on {1} · last used {2}"));
        assertEquals("Chrome unter Linux · zuletzt verwendet 07.12.2026",
                RememberedDeviceCredential.label(data, Locale.GERMAN, "{0} unter {1} · zuletzt verwendet {2}"));
        assertEquals("Chrome on Linux · last used Dec 7, 2026",
                RememberedDeviceCredential.label(data, Locale.ENGLISH, null), "no message: English");
    }

    @Test
    void theNetworkIsShownAfterTheDateWhenStored() {
        Data data = new Data("Firefox", "Windows", DEC_7_2026, DEC_7_2026, DEC_7_2026, "203.0.113.0/24");

        assertEquals("Firefox on Windows · last used Dec 7, 2026 · 203.0.113.0/24",
                RememberedDeviceCredential.label(data, Locale.ENGLISH, "{0} on {1} · last used {2}"));
    }

    @Test
    void theNetworkIsTheIpv4Slash24OrTheIpv6Slash48() {
        assertEquals(Optional.of("203.0.113.0/24"), RememberedDeviceCredential.networkOf("203.0.113.77"));
        assertEquals(Optional.of("2001:db8:1234::/48"),
                RememberedDeviceCredential.networkOf("2001:db8:1234:5678::9"));
        assertEquals(Optional.of("198.51.100.0/24"), RememberedDeviceCredential.networkOf("::ffff:198.51.100.5"));
        assertEquals(Optional.empty(), RememberedDeviceCredential.networkOf("not-an-address"));
        assertEquals(Optional.empty(), RememberedDeviceCredential.networkOf(null));
    }

    @Test
    void theBrowserIsNamedWithoutItsVersion() {
        assertEquals("Chrome", RememberedDeviceCredential.browserName("Chrome/131.0.0"));
        assertEquals("HeadlessChrome", RememberedDeviceCredential.browserName("HeadlessChrome/131.0"));
        assertEquals("Other", RememberedDeviceCredential.browserName("Other"));
        assertEquals("Other", RememberedDeviceCredential.browserName(null));
    }
}
