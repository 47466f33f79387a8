package dev.kcmfa.core;

import java.util.Optional;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;

/** Reading the client address Keycloak reports ({@code getConnection().getRemoteAddr()}) as an IP address. */
public final class ClientAddress {

    /** Full dotted IPv4 or IPv6 (with a /prefix for ranges): "10.1" or "1" are not read as 10.0.0.1 and 0.0.0.1. */
    public static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
            .allowEmpty(false).allowAll(false).allowSingleSegment(false).allowMask(false)
            .allowWildcardedSeparator(false).allow_inet_aton(false)
            .toParams();

    /** IPv6 clients count per /64, the block one subscriber usually gets, so walking one's own block is one source. */
    private static final int IPV6_SOURCE_PREFIX = 64;

    private ClientAddress() {
    }

    /** The address, an IPv4-mapped IPv6 address as the IPv4 address it is; empty for anything else. */
    public static Optional<IPAddress> parse(String remoteAddr) {
        IPAddress ip = remoteAddr == null ? null : new IPAddressString(remoteAddr, STRICT).getAddress();
        if (ip != null && ip.isIPv6() && ip.toIPv6().isIPv4Mapped()) {
            return Optional.of(ip.toIPv6().getEmbeddedIPv4Address());
        }
        return Optional.ofNullable(ip);
    }

    /**
     * The source a client address counts for in limits: the IPv4 address itself (also when IPv4-mapped), or its
     * IPv6 /64; "unknown" for anything else.
     */
    public static String source(String remoteAddr) {
        return parse(remoteAddr)
                .map(ip -> ip.isIPv6() ? ip.toPrefixBlock(IPV6_SOURCE_PREFIX) : ip)
                .map(IPAddress::toCanonicalString)
                .orElse("unknown");
    }
}
