package dev.kcmfa.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The few places to wait each client source has on a node: an IPv4 address, or an IPv6 /64. */
class WaitPlacesTest {

    private static final int PER_SOURCE = 4;

    private final WaitPlaces places = WaitPlaces.perClientSource(PER_SOURCE);

    @Test
    void anIpv4AddressHoldsFourPlacesAndAnotherAddressHasItsOwn() {
        List<WaitPlace> held = takeAll("203.0.113.5");

        assertFalse(places.take("203.0.113.5").isPresent(), "a fifth is refused");
        assertFalse(places.take("::ffff:203.0.113.5").isPresent(), "also when the address comes IPv4-mapped");
        assertTrue(places.take("203.0.113.6").isPresent(), "the next address waits");
        held.get(0).close();
        assertTrue(places.take("203.0.113.5").isPresent(), "a place freed is a place to take");
    }

    @Test
    void theAddressesOfOneIpv6SlashSixtyFourShareTheirPlaces() {
        for (int i = 1; i <= PER_SOURCE; i++) {
            assertTrue(places.take("2001:db8:1:2::" + i).isPresent());
        }

        assertFalse(places.take("2001:db8:1:2:ffff:1:2:3").isPresent(), "walking the /64 is one source");
        assertTrue(places.take("2001:db8:1:3::1").isPresent(), "the next /64 waits");
    }

    @Test
    void aPlaceClosedTwiceIsFreedOnce() {
        List<WaitPlace> held = takeAll("203.0.113.7");

        held.get(0).close();
        held.get(0).close();

        assertTrue(places.take("203.0.113.7").isPresent());
        assertFalse(places.take("203.0.113.7").isPresent(), "one place was freed, not two");
    }

    private List<WaitPlace> takeAll(String address) {
        List<WaitPlace> held = new ArrayList<>();
        for (int i = 0; i < PER_SOURCE; i++) {
            held.add(places.take(address).orElseThrow(() -> new AssertionError("a place for " + address)));
        }
        return held;
    }
}
