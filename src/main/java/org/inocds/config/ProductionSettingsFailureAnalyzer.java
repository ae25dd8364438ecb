package org.inocds.config;

import java.util.stream.Collectors;
import org.inocds.config.ProductionReadiness.ProductionSettingsMissingException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints a prod start refused by {@link ProductionReadiness} as Spring Boot prints any failed start — "APPLICATION
 * FAILED TO START", a description and an action, no stack trace — listing each missing setting on its own line
 * (registered in {@code META-INF/spring.factories}).
 */
public class ProductionSettingsFailureAnalyzer extends AbstractFailureAnalyzer<ProductionSettingsMissingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ProductionSettingsMissingException cause) {
        String description = "The prod profile is missing settings it needs to be exposed safely (nothing was started, "
                + "no database was contacted):\n"
                + cause.missing().stream().map(s -> "    - " + s).collect(Collectors.joining("\n"));
        String action = "Set each setting listed above in the site's configuration (an application-prod.yml in "
                + "SPRING_CONFIG_ADDITIONAL_LOCATION, or environment variables), then start again. docs/running-in-production.md "
                + "(\"Running in production\") lists them with an example.";
        return new FailureAnalysis(description, action, cause);
    }
}
