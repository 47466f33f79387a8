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
}
