package org.inocds.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.inocds.settings.InocdsProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Under the {@code prod} profile, refuses to start unless the service is safe to expose: JWT required with an
 * audience, the public base URL and trusted issuers, an allowlist of https FHIR servers and no unlisted ones, PostgreSQL,
 * no sandbox, a site key for patient hashes and the site's time zone (set, not the demo's default). The error lists
 * every missing setting at once.
 */
@Component
@Profile("prod")
public class ProductionReadiness {

    public ProductionReadiness(InocdsProperties properties, Environment environment) {
        List<String> missing = new ArrayList<>();
        var jwt = properties.security().jwt();
        if (!jwt.required()) {
            missing.add("inocds.security.jwt.required=true");
        }
        if (jwt.audience() == null || jwt.audience().isBlank()) {
            missing.add("inocds.security.jwt.audience");
        }
        if (properties.publicBaseUrl() == null || properties.publicBaseUrl().isBlank()) {
            // the audience a client names is compared with this, never with the Host header a caller sends
            missing.add("inocds.public-base-url");
        }
        if (Optional.ofNullable(jwt.issuers()).orElse(List.of()).isEmpty()) {
            missing.add("inocds.security.jwt.issuers[0].iss and its jwks-url or jwks");
        }
        var servers = properties.security().fhirServers();
        if (Optional.ofNullable(servers.allowlist()).orElse(List.of()).isEmpty()) {
            missing.add("inocds.security.fhir-servers.allowlist[0].origin");
        }
        if (servers.allowUnlisted()) {
            missing.add("inocds.security.fhir-servers.allow-unlisted=false");
        }
        if (!servers.requireHttps()) {
            missing.add("inocds.security.fhir-servers.require-https=true");
        }
        String url = environment.getProperty("spring.datasource.url", "");
        if (!url.startsWith("jdbc:postgresql:")) {
            missing.add("spring.datasource.url (INOCDS_DATABASE_URL) = jdbc:postgresql://…");
        }
        if (properties.sandbox().enabled()) {
            missing.add("inocds.sandbox.enabled=false");
        }
        if (properties.audit().patientHashKey().equals("demo-only-key-replace-me") || properties.audit().patientHashKey().length() < 32) {
            missing.add("inocds.audit.patient-hash-key (a secret of 32 characters or more)");
        }
        // the demo's Asia/Tokyo is a default, never a site's choice: which days are counted must be the site's own word
        if (!Binder.get(environment).bind("inocds.site.time-zone", String.class).isBound()) {
            missing.add("inocds.site.time-zone (the site's IANA time zone, e.g. Asia/Tokyo)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The prod profile needs: " + String.join("; ", missing));
        }
    }
}
