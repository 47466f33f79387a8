package dev.kcmfa.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Which client addresses count as one source for the send allowance and the places to wait. */
class ClientAddressTest {

    @Test
    void eachIpv4AddressIsASourceOfItsOwnAlsoWhenMappedIntoIpv6() {
        assertEquals("203.0.113.5", ClientAddress.source("203.0.113.5"));
        assertEquals("203.0.113.5", ClientAddress.source("::ffff:203.0.113.5"));
        assertNotEquals(ClientAddress.source("203.0.113.5"), ClientAddress.source("203.0.113.6"));
    }

    @Test
    void theAddressesOfOneIpv6SlashSixtyFourAreOneSource() {
        assertEquals(ClientAddress.source("2001:db8:1:2::1"), ClientAddress.source("2001:db8:1:2:ffff:1:2:3"));
        assertNotEquals(ClientAddress.source("2001:db8:1:2::1"), ClientAddress.source("2001:db8:1:3::1"));
        assertNotEquals(ClientAddress.source("::1"), ClientAddress.source("127.0.0.1"));
    }

    @Test
    void somethingThatIsNoAddressCountsAsOneUnknownSource() {
        assertEquals("unknown", ClientAddress.source(null));
        assertEquals("unknown", ClientAddress.source("not-an-address"));
    }
}
