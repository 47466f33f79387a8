package dev.kcmfa.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.kcmfa.core.ClientAddress;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/**
 * The networks from which a policy lets users skip the second factor, IPv4 and IPv6, as prefix blocks. A user under
 * several policies is trusted only from an address that every one of them trusts: their combination is the
 * intersection of their ranges, again one list of blocks (two blocks are either nested or disjoint, so the
 * intersection is exact), which is what the admin API shows.
 */
public final class TrustedNetworks {

    public static final TrustedNetworks NONE = new TrustedNetworks(List.of());

    /** Literal addresses and CIDR ranges only: no host names (no DNS look-up), wildcards or dashed ranges. */
    private static final Pattern ADDRESS_OR_CIDR = Pattern.compile("[0-9A-Fa-f:.]+(/[0-9]{1,3})?");
    private final List<IPAddress> blocks;

    private TrustedNetworks(List<IPAddress> blocks) {
        this.blocks = blocks;
    }

    /** The ranges of the list {@code field} (named with its index in errors: {@code field[2]}). */
    public static TrustedNetworks parse(String field, List<String> ranges) throws PolicyException {
        List<IPAddress> blocks = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            blocks.add(parseRange(field + "[" + i + "]", ranges.get(i)));
        }
        return new TrustedNetworks(List.copyOf(blocks));
    }

    private static IPAddress parseRange(String field, String text) throws PolicyException {
        IPAddress address = ADDRESS_OR_CIDR.matcher(text).matches()
                ? new IPAddressString(text, ClientAddress.STRICT).getAddress() : null;
        if (address == null) {
            throw new PolicyException(field, "'" + text + "' is not an IPv4 or IPv6 address or CIDR range");
        }
        return address.toPrefixBlock();
    }

    /** True when the client address is inside a trusted range. */
    public boolean trusts(String clientAddress) {
        return ClientAddress.parse(clientAddress)
                .filter(client -> blocks.stream().anyMatch(range -> range.contains(client))).isPresent();
    }

    /** The addresses both trust: of each pair of nested blocks the smaller one. */
    TrustedNetworks andAlso(TrustedNetworks other) {
        Set<IPAddress> common = new LinkedHashSet<>();
        for (IPAddress mine : blocks) {
            for (IPAddress theirs : other.blocks) {
                if (mine.contains(theirs)) {
                    common.add(theirs);
                } else if (theirs.contains(mine)) {
                    common.add(mine);
                }
            }
        }
        return new TrustedNetworks(List.copyOf(common));
    }

    /** The ranges, as admins write them. */
    public List<String> ranges() {
        return blocks.stream().map(IPAddress::toCanonicalString).toList();
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
