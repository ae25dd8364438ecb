package org.inocds.config;

import org.springframework.context.annotation.Configuration;

/**
 * CORS for browser-based CDS clients (CDS Hooks 2.0 "Cross-Origin Resource Sharing"; the Authorization header
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
        var source = new org.springframework.web.cors.UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/cds-services", cds);
        source.registerCorsConfiguration("/cds-services/**", cds);
        source.registerCorsConfiguration("/rules/**", pages);
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(new org.springframework.web.filter.CorsFilter(source));
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 2); // after the firewall and the per-client limit
        return registration;
    }
}
