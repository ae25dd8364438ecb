package org.inocds.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.inocds.InocdsApplication;
import org.inocds.settings.InocdsProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The prod profile refuses to start without JWT settings, an allowlist and PostgreSQL, and starts with them, Actuator on
 * its management port only.
 */
class ProductionProfileTest {

    private static final List<String> COMPLETE = List.of(
            "--spring.profiles.active=prod",
            "--server.port=0",
            "--management.server.port=0",
            "--inocds.security.jwt.audience=https://cds.example.org/cds-services",
            "--inocds.public-base-url=https://cds.example.org",
            "--inocds.security.jwt.issuers[0].iss=https://ehr.example.org",
            "--inocds.security.jwt.issuers[0].jwks-url=https://ehr.example.org/.well-known/jwks.json",
            "--inocds.security.fhir-servers.allowlist[0].origin=https://ehr.example.org",
            "--inocds.audit.patient-hash-key=0123456789abcdef0123456789abcdef-site",
            "--inocds.site.time-zone=Asia/Tokyo");

    @Test
    void refusesToStartWithoutTheSettingsAndSaysWhichAreMissing() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(InocdsApplication.class)
                .run("--spring.profiles.active=prod", "--server.port=0", "--spring.datasource.url=jdbc:h2:mem:prod-refusal"))
                .hasStackTraceContaining("The prod profile needs")
                .hasStackTraceContaining("inocds.security.jwt.audience")
                .hasStackTraceContaining("inocds.public-base-url")
                .hasStackTraceContaining("inocds.security.jwt.issuers")
                .hasStackTraceContaining("inocds.security.fhir-servers.allowlist")
                .hasStackTraceContaining("jdbc:postgresql")
                .hasStackTraceContaining("inocds.audit.patient-hash-key")
                .hasStackTraceContaining("inocds.site.time-zone");
    }

    /** The demo's default zone is not a site's choice: with everything else set, an unset zone still refuses to start. */
    @Test
    void refusesWithoutTheSiteTimeZoneEvenWithEverythingElseSet() {
        List<String> args = new ArrayList<>(COMPLETE.stream().filter(a -> !a.startsWith("--inocds.site.time-zone")).toList());
        args.add("--spring.datasource.url=jdbc:h2:mem:prod-zone");
        assertThatThrownBy(() -> new SpringApplicationBuilder(InocdsApplication.class).run(args.toArray(String[]::new)))
                .hasStackTraceContaining("inocds.site.time-zone");
    }

    @Test
    void refusesH2EvenWithEverythingElseSet() {
        List<String> args = new ArrayList<>(COMPLETE);
        args.add("--spring.datasource.url=jdbc:h2:mem:prod-h2");
        assertThatThrownBy(() -> new SpringApplicationBuilder(InocdsApplication.class).run(args.toArray(String[]::new)))
                .hasStackTraceContaining("jdbc:postgresql")
                .satisfies(e -> assertThat(e.toString() + e.getCause()).doesNotContain("inocds.security.jwt.audience;")
                        .doesNotContain("inocds.site.time-zone"));
    }

    private static int get(int port, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "INOCDS_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
    void startsWithJwtAnAllowlistAndPostgres() throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(COMPLETE);
        args.add("--spring.datasource.url=" + System.getenv("INOCDS_TEST_POSTGRES_URL"));
        args.add("--spring.datasource.username=" + System.getenv().getOrDefault("INOCDS_TEST_POSTGRES_USER", "inocds"));
        args.add("--spring.datasource.password=" + System.getenv().getOrDefault("INOCDS_TEST_POSTGRES_PASSWORD", "inocds"));
        try (var ctx = new SpringApplicationBuilder(InocdsApplication.class).run(args.toArray(String[]::new))) {
            assertThat(ctx.getBean(InocdsProperties.class).security().jwt().required()).isTrue();
            assertThat(ctx.containsBean("fhirSandboxServlet")).isFalse();
            // Actuator on the management port, read without a token again and again (a scraper); nothing of it on the
            // service port (docs/running-in-production.md, ports)
            int port = ctx.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            int management = ctx.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
            assertThat(management).isNotEqualTo(port);
            for (int i = 0; i < 5; i++) {
                assertThat(get(management, "/actuator/prometheus")).as("scrape %d", i).isEqualTo(200);
            }
            assertThat(get(management, "/actuator/health/readiness")).isEqualTo(200);
            for (String path : List.of("/actuator/prometheus", "/actuator/health/readiness", "/actuator")) {
                assertThat(get(port, path)).as(path).isEqualTo(404);
            }
            assertThat(get(port, "/cds-services")).isEqualTo(401);
        }
    }
}
