package org.inocds.config;

import java.util.List;
import org.inocds.settings.InocdsProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.util.UrlPathHelper;

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
    @Bean
    public FilterRegistrationBean<CorsFilter> corsFilter() {
        var origins = properties.cors().allowedOrigins();
        var cds = new CorsConfiguration();
        cds.setAllowedOriginPatterns(origins);
        cds.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
        cds.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "Accept-Language"));
        cds.setExposedHeaders(List.of("X-Correlation-Id"));
        cds.setMaxAge(3600L);
        var pages = new CorsConfiguration();
        pages.setAllowedOriginPatterns(origins);
        pages.setAllowedMethods(List.of("GET"));
        // The embedded sandbox, for browser clients that read FHIR themselves (the public CDS Hooks sandbox: GET reads,
        // POST {Type}/_search with a form body, preflights): the same origins as the CDS endpoints.
        var fhir = new CorsConfiguration();
        fhir.setAllowedOriginPatterns(origins);
        fhir.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS"));
        fhir.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "Accept-Language", "Prefer", "If-Match",
                "If-None-Exist", "Cache-Control"));
        fhir.setExposedHeaders(List.of("Location", "Content-Location", "ETag", "Last-Modified"));
        fhir.setMaxAge(3600L);
        var source = new UrlBasedCorsConfigurationSource();
        // Match on the whole path within the application: /fhir is a servlet of its own, and the default lookup
        // would see only the part after its servlet path.
        var fullPath = new UrlPathHelper();
        fullPath.setAlwaysUseFullPath(true);
        source.setUrlPathHelper(fullPath);
        source.setPathMatcher(new AntPathMatcher());
        source.registerCorsConfiguration("/fhir", fhir);
        source.registerCorsConfiguration("/fhir/**", fhir);
        source.registerCorsConfiguration("/cds-services", cds);
        source.registerCorsConfiguration("/cds-services/**", cds);
        source.registerCorsConfiguration("/rules/**", pages);
        var registration = new FilterRegistrationBean<>(new CorsFilter(source));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2); // after the firewall and the per-client limit
        return registration;
    }
}
