package org.inocds.prefetch;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.inocds.config.InocdsProperties;
import org.inocds.security.VerifiedClient;
import org.springframework.boot.web.servlet.context.ServletWebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Decides whether the service may read the {@code fhirServer} a call names, with the caller's token
 * (DESIGN.md "Security"): listed origins (exact scheme, host and port), each optionally bound to the issuers
 * that may name it; https outside the demo; and never a loopback, private, link-local or cloud-metadata
 * address unless listed — a caller must not turn the service into a probe of its own network. The embedded
 * sandbox on this server's own port is allowed when it runs. Nothing is sent to a refused server.
 */
@Component
public class FhirServerPolicy {

    /** The verdict; {@code reason} says why a server was refused (for the 412 answer and the log). */
    public record Decision(boolean allowed, String reason) {
        static Decision allow() {
            return new Decision(true, "");
        }

        static Decision refuse(String reason) {
            return new Decision(false, reason);
        }
    }

    private static final List<String> METADATA_HOSTS = List.of("metadata.google.internal", "metadata", "instance-data");

    private final InocdsProperties.FhirServers settings;
    private final boolean sandbox;
    private volatile int localPort = -1;

    public FhirServerPolicy(InocdsProperties properties) {
        this.settings = properties.security().fhirServers();
        this.sandbox = properties.sandbox().enabled();
    }

    @EventListener
    public void onServerStarted(ServletWebServerInitializedEvent event) {
        localPort = event.getWebServer().getPort();
    }

    public Decision check(URI server, Optional<VerifiedClient> client) {
        String scheme = server.getScheme().toLowerCase(Locale.ROOT);
        String host = server.getHost().toLowerCase(Locale.ROOT);
        int port = server.getPort() != -1 ? server.getPort() : scheme.equals("https") ? 443 : 80;
        String origin = scheme + "://" + host + ":" + port;
        if (settings.requireHttps() && !scheme.equals("https")) {
            return Decision.refuse("fhirServer must use https");
        }
        for (var entry : Optional.ofNullable(settings.allowlist()).orElse(List.of())) {
            if (normalise(entry.origin()).equals(origin)) {
                List<String> bound = Optional.ofNullable(entry.issuers()).orElse(List.of());
                if (bound.isEmpty()) {
                    return Decision.allow();
                }
                if (client.isEmpty()) {
                    return Decision.refuse("fhirServer is bound to authenticated callers");
                }
                return bound.contains(client.get().issuer()) ? Decision.allow()
                        : Decision.refuse("fhirServer is not allowed for this caller");
            }
        }
        if (sandbox && port == localPort && isLoopbackName(host) && server.getPath().startsWith("/fhir")) {
            return Decision.allow(); // this server's own embedded FHIR sandbox
        }
        if (!settings.allowUnlisted()) {
            return Decision.refuse("fhirServer is not on the allowlist");
        }
        if (METADATA_HOSTS.contains(host)) {
            return Decision.refuse("fhirServer names a metadata service");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Decision.refuse("fhirServer host cannot be resolved");
        }
        for (InetAddress a : addresses) {
            if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                    || a.isMulticastAddress() || uniqueLocalV6(a)) {
                return Decision.refuse("fhirServer resolves to a loopback, private or link-local address that is not allowlisted");
            }
        }
        return Decision.allow();
    }

    private static boolean isLoopbackName(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
    }

    /** fc00::/7, IPv6's private range. */
    private static boolean uniqueLocalV6(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 16 && (b[0] & 0xFE) == 0xFC;
    }

    static String normalise(String origin) {
        URI u = URI.create(origin.trim());
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort() != -1 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
