package dev.kcmfa.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Which client addresses count as one source for the send allowance. */
class UserSendLimitTest {

    @Test
    void eachIpv4AddressIsASourceOfItsOwnAlsoWhenMappedIntoIpv6() {
        assertEquals("203.0.113.5", UserSendLimit.source("203.0.113.5"));
        assertEquals("203.0.113.5", UserSendLimit.source("::ffff:203.0.113.5"));
        assertNotEquals(UserSendLimit.source("203.0.113.5"), UserSendLimit.source("203.0.113.6"));
    }

    @Test
    void theAddressesOfOneIpv6SlashSixtyFourAreOneSource() {
        assertEquals(UserSendLimit.source("2001:db8:1:2::1"), UserSendLimit.source("2001:db8:1:2:ffff:1:2:3"));
        assertNotEquals(UserSendLimit.source("2001:db8:1:2::1"), UserSendLimit.source("2001:db8:1:3::1"));
        assertNotEquals(UserSendLimit.source("::1"), UserSendLimit.source("127.0.0.1"));
    }

    @Test
    void somethingThatIsNoAddressCountsAsOneUnknownSource() {
        assertEquals("unknown", UserSendLimit.source(null));
        assertEquals("unknown", UserSendLimit.source("not-an-address"));
    }
}
