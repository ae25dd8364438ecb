package org.inocds.config;

import org.inocds.settings.InocdsProperties;
import org.springframework.context.annotation.Configuration;

/**
 * CORS for browser-based CDS clients and for the embedded FHIR sandbox (CDS Hooks 2.0 "Cross-Origin Resource Sharing"; the Authorization header
 * allowed by name; preflights cached an hour), as a servlet filter ahead of Spring Security's chain
 * ({@code security/SecurityConfiguration}), so that every answer, a 401 included, carries the headers a browser needs.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    private final InocdsProperties properties;

    public WebConfiguration(InocdsProperties properties) {
        this.properties = properties;
    }

    /**
     * CORS as the first filter, so that every answer — a 401 included — carries the headers
     * a browser needs, and preflights are answered before authentication.
     */
    @org.springframework.context.annotation.Bean
    public org.springframework.boot.web.servlet.FilterRegistrationBean<org.springframework.web.filter.CorsFilter> corsFilter() {
        var origins = properties.cors().allowedOrigins();
        var cds = new org.springframework.web.cors.CorsConfiguration();
        cds.setAllowedOriginPatterns(origins);
        cds.setAllowedMethods(java.util.List.of("GET", "POST", "OPTIONS"));
        cds.setAllowedHeaders(java.util.List.of("Authorization", "Content-Type", "Accept", "Accept-Language"));
        cds.setExposedHeaders(java.util.List.of("X-Correlation-Id"));
        cds.setMaxAge(3600L);
        var pages = new org.springframework.web.cors.CorsConfiguration();
        pages.setAllowedOriginPatterns(origins);
        pages.setAllowedMethods(java.util.List.of("GET"));
        // The embedded sandbox, for browser clients that read FHIR themselves (the public CDS Hooks sandbox: GET reads,
        // POST {Type}/_search with a form body, preflights): the same origins as the CDS endpoints.
        var fhir = new org.springframework.web.cors.CorsConfiguration();
        fhir.setAllowedOriginPatterns(origins);
        fhir.setAllowedMethods(java.util.List.of("GET", "POST", "PUT", "DELETE", "OPTIONS"));
        fhir.setAllowedHeaders(java.util.List.of("Authorization", "Content-Type", "Accept", "Accept-Language", "Prefer", "If-Match",
                "If-None-Exist", "Cache-Control"));
        fhir.setExposedHeaders(java.util.List.of("Location", "Content-Location", "ETag", "Last-Modified"));
        fhir.setMaxAge(3600L);
        var source = new org.springframework.web.cors.UrlBasedCorsConfigurationSource();
        // Match on the whole path within the application: /fhir is a servlet of its own, and the default lookup
        // would see only the part after its servlet path.
        var fullPath = new org.springframework.web.util.UrlPathHelper();
        fullPath.setAlwaysUseFullPath(true);
        source.setUrlPathHelper(fullPath);
        source.setPathMatcher(new org.springframework.util.AntPathMatcher());
        source.registerCorsConfiguration("/fhir", fhir);
        source.registerCorsConfiguration("/fhir/**", fhir);
        source.registerCorsConfiguration("/cds-services", cds);
        source.registerCorsConfiguration("/cds-services/**", cds);
        source.registerCorsConfiguration("/rules/**", pages);
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(new org.springframework.web.filter.CorsFilter(source));
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 2); // after the firewall and the per-client limit
        return registration;
    }
}
