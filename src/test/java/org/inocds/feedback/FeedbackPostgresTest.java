package org.inocds.feedback;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Feedback on a real PostgreSQL, with the same Flyway migrations. {@code .ci/run} installs and starts
 * PostgreSQL and sets INOCDS_TEST_POSTGRES_URL (with _USER and _PASSWORD); elsewhere the test is skipped.
 */
@EnabledIfEnvironmentVariable(named = "INOCDS_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class FeedbackPostgresTest extends FeedbackContract {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> System.getenv("INOCDS_TEST_POSTGRES_URL"));
        registry.add("spring.datasource.username", () -> System.getenv().getOrDefault("INOCDS_TEST_POSTGRES_USER", "inocds"));
        registry.add("spring.datasource.password", () -> System.getenv().getOrDefault("INOCDS_TEST_POSTGRES_PASSWORD", "inocds"));
    }
}
