package dev.kcmfa.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.kcmfa.core.ClientAddress;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/**
 * The networks from which a policy lets users skip the second factor, IPv4 and IPv6. A user under several policies
 * is trusted only from an address that every one of them trusts, so this holds one list of ranges per policy.
 */
public final class TrustedNetworks {

    public static final TrustedNetworks NONE = new TrustedNetworks(List.of(List.of()));

    /** Literal addresses and CIDR ranges only: no host names (no DNS look-up), wildcards or dashed ranges. */
    private static final Pattern ADDRESS_OR_CIDR = Pattern.compile("[0-9A-Fa-f:.]+(/[0-9]{1,3})?");
    private final List<List<IPAddress>> everyOneOf;

    private TrustedNetworks(List<List<IPAddress>> everyOneOf) {
        this.everyOneOf = everyOneOf;
    }

    public static TrustedNetworks parse(List<String> ranges) throws PolicyException {
        List<IPAddress> blocks = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            blocks.add(parseRange(PolicyDocument.FIELD_TRUSTED_NETWORKS + "[" + i + "]", ranges.get(i)));
        }
        return new TrustedNetworks(List.of(List.copyOf(blocks)));
    }

    private static IPAddress parseRange(String field, String text) throws PolicyException {
        IPAddress address = ADDRESS_OR_CIDR.matcher(text).matches()
                ? new IPAddressString(text, ClientAddress.STRICT).getAddress() : null;
        if (address == null) {
            throw new PolicyException(field, "'" + text + "' is not an IPv4 or IPv6 address or CIDR range");
        }
        return address.toPrefixBlock();
    }

    /** True when the client address is inside a trusted range of every policy that applies. */
    public boolean trusts(String clientAddress) {
        return ClientAddress.parse(clientAddress).filter(client -> everyOneOf.stream()
                .allMatch(ranges -> ranges.stream().anyMatch(range -> range.contains(client)))).isPresent();
    }

    TrustedNetworks andAlso(TrustedNetworks other) {
        List<List<IPAddress>> combined = new ArrayList<>(everyOneOf);
        combined.addAll(other.everyOneOf);
        return new TrustedNetworks(List.copyOf(combined));
    }

    /** The ranges, one list per policy, as admins write them. */
    public List<List<String>> ranges() {
        return everyOneOf.stream().map(l -> l.stream().map(IPAddress::toCanonicalString).toList()).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrustedNetworks t && ranges().equals(t.ranges());
    }

    @Override
    public int hashCode() {
        return ranges().hashCode();
    }

    @Override
    public String toString() {
        return ranges().toString();
    }
}
