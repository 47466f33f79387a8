package dev.kcmfa.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TrustedNetworksTest {

    @Test
    void matchesIpv4AndIpv6RangesIncludingTheirFirstAndLastAddress() throws Exception {
        TrustedNetworks networks = TrustedNetworks.parse("trustedNetworks", List.of("192.168.10.0/24", "2001:db8::/32", "203.0.113.7"));

        assertTrue(networks.trusts("192.168.10.0"));
        assertTrue(networks.trusts("192.168.10.255"));
        assertFalse(networks.trusts("192.168.11.1"));
        assertTrue(networks.trusts("2001:db8:1::42"));
        assertFalse(networks.trusts("2001:db9::1"));
        assertTrue(networks.trusts("203.0.113.7"));
        assertFalse(networks.trusts("203.0.113.8"));
    }

    @Test
    void anIpv4ClientSeenAsIpv6MappedAddressMatchesIpv4Ranges() throws Exception {
        assertTrue(TrustedNetworks.parse("trustedNetworks", List.of("10.0.0.0/8")).trusts("::ffff:10.1.2.3"));
    }

    @Test
    void trustsNothingWithoutRangesOrAddress() throws Exception {
        assertFalse(TrustedNetworks.NONE.trusts("10.0.0.1"));
        assertFalse(TrustedNetworks.parse("trustedNetworks", List.of()).trusts("10.0.0.1"));
        assertFalse(TrustedNetworks.parse("trustedNetworks", List.of("10.0.0.0/8")).trusts(null));
        assertFalse(TrustedNetworks.parse("trustedNetworks", List.of("10.0.0.0/8")).trusts("not an address"));
    }

    @Test
    void policiesCombinedTrustOneFlatListOfWhatEveryOneTrusts() throws Exception {
        TrustedNetworks office = TrustedNetworks.parse("trustedNetworks", List.of("10.0.0.0/8", "192.168.1.0/24", "::1"));
        TrustedNetworks lab = TrustedNetworks.parse("trustedNetworks", List.of("10.1.0.0/16", "192.168.0.0/16", "2001:db8::/32"));

        assertEquals(List.of("10.1.0.0/16", "192.168.1.0/24"), office.andAlso(lab).ranges());
        assertEquals(office.andAlso(lab), lab.andAlso(office), "order does not matter");
        assertEquals(List.of(), office.andAlso(TrustedNetworks.NONE).ranges(), "a policy trusting none wins");
        assertEquals(List.of(), TrustedNetworks.NONE.ranges());
    }

    @Test
    void rejectsAnythingButLiteralAddressesAndCidrRangesNamingTheEntry() {
        for (String bad : List.of("10.0.0.0/33", "2001:db8::/129", "intranet.example.org", "10.0.0.*",
                "10.0.0.1-10.0.0.9", "", "300.1.1.1", "10.0.0.0/", "10.1", "1", "abc")) {
            PolicyException e = assertThrows(PolicyException.class,
                    () -> TrustedNetworks.parse("trustedNetworks", List.of("10.0.0.0/8", bad)), bad);
            assertEquals("trustedNetworks[1]", e.field(), bad);
        }
    }
}
