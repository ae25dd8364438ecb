package org.inocds.prefetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.DnsResolver;
import org.springframework.stereotype.Component;

/**
 * The only DNS the FHIR client has: the addresses {@link FhirServerPolicy} resolved and checked for a host, and no
 * others. The host is resolved once, for the check, and the connection goes to what was checked (Host header and TLS
 * SNI keep the name), so a name that answers with a public address for the check and a private one for the
 * connection (DNS rebinding) gets nowhere. A host that was not checked is not resolved at all.
 */
@Component
public class CheckedAddresses implements DnsResolver {

    /** Longer than any call's fetching (the call deadline is seconds); a new check replaces the entry. */
    static final Duration KEPT = Duration.ofMinutes(2);

    private record Entry(InetAddress[] addresses, long until) {}

    private final Map<String, Entry> byHost = new ConcurrentHashMap<>();

    /** Called by the policy with the addresses it checked for {@code host}. */
    void checked(String host, InetAddress[] addresses) {
        byHost.put(key(host), new Entry(addresses.clone(), System.nanoTime() + KEPT.toNanos()));
        if (byHost.size() > 10_000) {
            long now = System.nanoTime();
            byHost.values().removeIf(e -> e.until() < now);
        }
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        Entry e = byHost.get(key(host));
        if (e == null || e.until() < System.nanoTime()) {
            throw new UnknownHostException("not resolved: " + host + " was not checked as a fhirServer");
        }
        return e.addresses().clone();
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }

    private static String key(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
