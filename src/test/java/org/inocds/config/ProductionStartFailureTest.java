package org.inocds.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.inocds.InocdsApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

/**
 * A prod start missing settings fails as Spring Boot's own failures do — "APPLICATION FAILED TO START", the missing
 * settings under "Description:", what to do under "Action:", no stack trace — and before any database is contacted:
 * the datasource points at a closed loopback port, and the output names the settings, not a connection error.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProductionStartFailureTest {

    @Test
    void aProdStartMissingSettingsPrintsThemAsAFailedStartWithoutTouchingTheDatabase(CapturedOutput output) throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> new SpringApplicationBuilder(InocdsApplication.class).run(
                "--spring.profiles.active=prod", "--server.port=0",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + closed + "/inocds",
                "--spring.datasource.username=inocds", "--spring.datasource.password=x"))
                .hasMessageContaining("The prod profile needs");
        String out = output.getAll();
        assertThat(out).contains("APPLICATION FAILED TO START", "Description:", "Action:");
        String description = out.substring(out.indexOf("Description:"), out.indexOf("Action:"));
        assertThat(description).contains(
                "    - inocds.security.jwt.audience",
                "    - inocds.security.jwt.issuers[0].iss",
                "    - inocds.security.fhir-servers.allowlist[0].origin",
                "    - inocds.audit.patient-hash-key",
                "    - inocds.site.time-zone");
        // the PostgreSQL url given is accepted: it is not among the missing
        assertThat(description).doesNotContain("spring.datasource.url");
        // the prod profile's own management port (8081) is apart from the service port
        assertThat(description).doesNotContain("management.server.port");
        assertThat(out.substring(out.indexOf("Action:"))).contains("Running in production");
        // nothing tried the database, and no stack trace was printed (Spring Boot prints one only for a failure no
        // analyzer explains: "Application run failed")
        assertThat(out).doesNotContain("Connection refused", "HikariPool", "Flyway", "PSQLException", "Application run failed");
        assertThat(out).doesNotContainPattern("(?m)^\\s+at [a-z]+\\.");
    }

    @Test
    void aCompleteProdEnvironmentLacksNothing() {
        var env = new MockEnvironment()
                .withProperty("inocds.security.jwt.required", "true")
                .withProperty("inocds.security.jwt.audience", "https://cds.example.org/cds-services")
                .withProperty("inocds.public-base-url", "https://cds.example.org")
                .withProperty("inocds.security.jwt.issuers[0].iss", "https://ehr.example.org")
                .withProperty("inocds.security.jwt.issuers[0].jwks-url", "https://ehr.example.org/jwks")
                .withProperty("inocds.security.fhir-servers.allowlist[0].origin", "https://ehr.example.org")
                .withProperty("inocds.security.fhir-servers.allow-unlisted", "false")
                .withProperty("inocds.security.fhir-servers.require-https", "true")
                .withProperty("inocds.sandbox.enabled", "false")
                .withProperty("inocds.audit.patient-hash-key", "0123456789abcdef0123456789abcdef-site")
                .withProperty("inocds.site.time-zone", "Asia/Tokyo")
                .withProperty("spring.datasource.url", "jdbc:postgresql://db:5432/inocds")
                .withProperty("management.server.port", "8081");
        assertThat(ProductionReadiness.missing(env)).isEmpty();
        env.setProperty("inocds.sandbox.enabled", "true");
        assertThat(ProductionReadiness.missing(env)).containsExactly("inocds.sandbox.enabled=false");
        env.setProperty("inocds.sandbox.enabled", "false");
        // Actuator on the service port: refused
        env.setProperty("management.server.port", "8080");
        assertThat(ProductionReadiness.missing(env)).singleElement().asString().startsWith("management.server.port");
        env.setProperty("server.port", "9000");
        assertThat(ProductionReadiness.missing(env)).isEmpty();
    }
}
