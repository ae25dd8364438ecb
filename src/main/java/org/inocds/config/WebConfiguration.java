package org.inocds.config;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * CORS for browser-based CDS clients (CDS Hooks 2.0 "Cross-Origin Resource Sharing"): the Authorization
 * header must be allowed by name for the JWT; preflight answers are cached for an hour.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration implements WebMvcConfigurer {

    private final InocdsProperties properties;

    public WebConfiguration(InocdsProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        String[] origins = properties.cors().allowedOrigins().toArray(String[]::new);
        registry.addMapping("/cds-services/**")
                .allowedOriginPatterns(origins)
                .allowedMethods("GET", "POST", "OPTIONS")
                .allowedHeaders("Authorization", "Content-Type", "Accept", "Accept-Language")
                .exposedHeaders("X-Correlation-Id")
                .maxAge(3600);
        registry.addMapping("/rules/**").allowedOriginPatterns(origins).allowedMethods("GET");
    }
}
