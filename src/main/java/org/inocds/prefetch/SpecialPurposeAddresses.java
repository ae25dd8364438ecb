package org.inocds.prefetch;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Addresses a caller-named {@code fhirServer} may not resolve to unless a site lists it: everything outside the
 * globally reachable unicast space, from IANA's IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and
 * its updates), plus IPv6 outside 2000::/3 and the transition forms that embed an IPv4 address (IPv4-mapped and
 * -compatible, NAT64, 6to4, Teredo), so that no form of writing 127.0.0.1 or 10.0.0.1 gets through. (An
 * IPv4-mapped address, ::ffff:a.b.c.d, arrives from Java as the IPv4 address it maps, and meets the IPv4 ranges.)
 */
final class SpecialPurposeAddresses {

    private record Range(IpAddressMatcher matcher, String cidr, String what) {}

    private static final List<Range> RANGES = List.of(
            range("0.0.0.0/8", "this network"),
            range("10.0.0.0/8", "private"),
            range("100.64.0.0/10", "shared address space (carrier-grade NAT; cloud metadata at 100.100.100.200)"),
            range("127.0.0.0/8", "loopback"),
            range("169.254.0.0/16", "link-local (cloud metadata at 169.254.169.254)"),
            range("172.16.0.0/12", "private"),
            range("192.0.0.0/24", "IETF protocol assignments"),
            range("192.0.2.0/24", "documentation"),
            range("192.31.196.0/24", "AS112"),
            range("192.52.193.0/24", "AMT"),
            range("192.88.99.0/24", "6to4 relay anycast"),
            range("192.168.0.0/16", "private"),
            range("192.175.48.0/24", "AS112"),
            range("198.18.0.0/15", "benchmarking"),
            range("198.51.100.0/24", "documentation"),
            range("203.0.113.0/24", "documentation"),
            range("224.0.0.0/4", "multicast"),
            range("240.0.0.0/4", "reserved"),
            range("::/96", "unspecified, loopback or IPv4-compatible"),
            range("64:ff9b::/96", "NAT64"),
            range("64:ff9b:1::/48", "local NAT64"),
            range("100::/64", "discard-only"),
            range("2001::/23", "IETF protocol assignments (Teredo included)"),
            range("2001:db8::/32", "documentation"),
            range("2002::/16", "6to4"),
            range("3fff::/20", "documentation"),
            range("5f00::/16", "segment routing"),
            range("fc00::/7", "unique local (private)"),
            range("fe80::/10", "link-local"),
            range("fec0::/10", "site-local"),
            range("ff00::/8", "multicast"));

    private static final IpAddressMatcher GLOBAL_UNICAST_V6 = new IpAddressMatcher("2000::/3");

    private SpecialPurposeAddresses() {}

    private static Range range(String cidr, String what) {
        return new Range(new IpAddressMatcher(cidr), cidr, what);
    }

    /** Why this address may not be fetched from unless listed, or empty when it is a global unicast address. */
    static Optional<String> why(InetAddress address) {
        String literal = address.getHostAddress();
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        for (Range r : RANGES) {
            if (r.matcher().matches(literal)) {
                return Optional.of(r.what() + " (" + r.cidr() + ")");
            }
        }
        if (address instanceof Inet6Address && !GLOBAL_UNICAST_V6.matches(literal)) {
            return Optional.of("outside IPv6 global unicast (2000::/3)");
        }
        return Optional.empty();
    }
}
