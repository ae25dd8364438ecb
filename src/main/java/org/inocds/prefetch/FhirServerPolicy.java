package org.inocds.prefetch;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.inocds.security.VerifiedClient;
import org.inocds.settings.InocdsProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.context.ServletWebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Decides whether the service may read the {@code fhirServer} a call names, with the caller's token
 * (docs/design.md "Security"): listed origins (exact scheme, host and port), each optionally bound to the issuers
 * that may name it; https outside the demo; and never an address outside the global unicast space
 * ({@link SpecialPurposeAddresses}: loopback, private, link-local, metadata, NAT64…) unless listed — a caller
 * must not turn the service into a probe of its own network. This service's own port is never a FHIR server,
 * except the embedded sandbox's exact {@code /fhir} base in the demo (JWT off). Nothing is sent to a refused server.
 */
@Component
public class FhirServerPolicy {

    /**
     * The verdict; {@code reason} says why a server was refused (for the 412 answer and the log); {@code thisService}:
     * the server is this process's own embedded sandbox, so its fetches are this service's, not the caller's
     * ({@link FhirAccess#thisService()}).
     */
    public record Decision(boolean allowed, String reason, boolean thisService) {
        static Decision allow(boolean thisService) {
            return new Decision(true, "", thisService);
        }

        static Decision refuse(String reason) {
            return new Decision(false, reason, false);
        }
    }

    private static final List<String> METADATA_HOSTS = List.of("metadata.google.internal", "metadata", "instance-data");

    private final InocdsProperties.FhirServers settings;
    /** The embedded sandbox is an implicit fhirServer only in the demo: sandbox on and JWT off. */
    private final boolean sandboxImplicit;
    private volatile int localPort = -1;
    /** Whether this service listens on loopback (all addresses, or a loopback one): then localhost at its port is it. */
    private volatile boolean listensOnLoopback = true;

    /** Host name → addresses; tests give one that connects nowhere. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final HostResolver resolver;

    private final CheckedAddresses checked;

    @Autowired
    public FhirServerPolicy(InocdsProperties properties, CheckedAddresses checked) {
        this(properties, InetAddress::getAllByName, checked);
    }

    FhirServerPolicy(InocdsProperties properties, HostResolver resolver) {
        this(properties, resolver, new CheckedAddresses());
    }

    /** With a resolver of the caller's (tests: a name that answers differently at each look-up). */
    public FhirServerPolicy(InocdsProperties properties, HostResolver resolver, CheckedAddresses checked) {
        this.checked = checked;
        this.resolver = resolver;
        this.settings = properties.security().fhirServers();
        this.sandboxImplicit = properties.sandbox().enabled() && !properties.security().jwt().required();
    }

    /** The service's own port; not the management port's, whose start is published to this context too. */
    @EventListener
    public void onServerStarted(ServletWebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return;
        }
        onPort(event.getWebServer().getPort(),
                Binder.get(event.getApplicationContext().getEnvironment()).bind("server.address", InetAddress.class).orElse(null));
    }

    void onPort(int port) {
        onPort(port, null);
    }

    /** @param bindAddress {@code server.address}: null when the service listens on every address */
    void onPort(int port, InetAddress bindAddress) {
        localPort = port;
        listensOnLoopback = bindAddress == null || bindAddress.isLoopbackAddress() || bindAddress.isAnyLocalAddress();
    }

    /**
     * Decides, and for an allowed server resolves its host once and hands the addresses to {@link CheckedAddresses}:
     * the fetch connects to exactly those, so the answer that was checked is the one that is used.
     */
    public Decision check(URI server, Optional<VerifiedClient> client) {
        return check(server, client, true);
    }

    /**
     * A server the SMART app talks to (the EHR's FHIR base, its authorization and token endpoints): the same checks, but
     * an allowlist entry's {@code issuers} do not apply. They say which CDS caller (JWT issuer) may have the service fetch
     * from an origin with the token it sends; the app reaches only EHRs the site registered ({@code inocds.smart.clients})
     * with the token that EHR issued to it, so a site that binds its EHR's origin to the EHR's issuer can still launch
     * the app from it.
     */
    public Decision checkForSmartApp(URI server) {
        return check(server, Optional.empty(), false);
    }

    private Decision check(URI server, Optional<VerifiedClient> client, boolean issuersBind) {
        String scheme = server.getScheme().toLowerCase(Locale.ROOT);
        String host = server.getHost().toLowerCase(Locale.ROOT);
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = server.getPort() != -1 ? server.getPort() : scheme.equals("https") ? 443 : 80;
        String origin = scheme + "://" + host + ":" + port;
        if (settings.requireHttps() && !scheme.equals("https")) {
            return Decision.refuse("fhirServer must use https");
        }
        for (var entry : Optional.ofNullable(settings.allowlist()).orElse(List.of())) {
            if (normalise(entry.origin()).equals(origin)) {
                List<String> bound = Optional.ofNullable(entry.issuers()).orElse(List.of());
                if (!issuersBind) {
                    bound = List.of();
                }
                if (!bound.isEmpty() && client.isEmpty()) {
                    return Decision.refuse("fhirServer is bound to authenticated callers");
                }
                if (!bound.isEmpty() && !bound.contains(client.get().issuer())) {
                    return Decision.refuse("fhirServer is not allowed for this caller");
                }
                // listed: whatever it resolves to, but only that
                return resolved(bareHost, false, isThisSandbox(server, host, port));
            }
        }
        if (port == localPort && isLoopbackName(host)) {
            // This service itself: only the sandbox's exact base, and only in the demo (never /fhirx, /fhir/../admin).
            return sandboxImplicit && isSandboxBase(server) ? resolved(bareHost, false, isThisSandbox(server, host, port))
                    : Decision.refuse("fhirServer names this service itself, which is not a FHIR server here");
        }
        if (!settings.allowUnlisted()) {
            return Decision.refuse("fhirServer is not on the allowlist");
        }
        if (METADATA_HOSTS.contains(host)) {
            return Decision.refuse("fhirServer names a metadata service");
        }
        return resolved(bareHost, true, false);
    }

    /**
     * This process's own sandbox: a loopback name at this service's port, the sandbox's exact base, and this service
     * listening on loopback (were it bound to another address, another program could hold that port on loopback, and
     * the fetch would carry this process's self-fetch secret to it).
     */
    private boolean isThisSandbox(URI server, String host, int port) {
        return port == localPort && listensOnLoopback && isLoopbackName(host) && isSandboxBase(server);
    }

    private Decision resolved(String host, boolean publicOnly, boolean thisService) {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Decision.refuse("fhirServer host cannot be resolved");
        }
        if (publicOnly) {
            for (InetAddress a : addresses) {
                var why = SpecialPurposeAddresses.why(a);
                if (why.isPresent()) {
                    return Decision.refuse("fhirServer resolves to a non-public address that is not allowlisted: " + why.get());
                }
            }
        }
        checked.checked(host, addresses);
        return Decision.allow(thisService);
    }

    private static boolean isSandboxBase(URI server) {
        String raw = server.getRawPath();
        return raw.equals("/fhir") || raw.equals("/fhir/");
    }

    private static boolean isLoopbackName(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
    }

    static String normalise(String origin) {
        URI u = URI.create(origin.trim());
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort() != -1 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
