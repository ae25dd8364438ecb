package org.inocds.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.inocds.support.FixedClockConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Actuator on a port of its own, as the prod profile runs it (management.server.port; docs/running-in-production.md),
 * with JWT required on the service port: a scraper's plain GET, no token, reads the metrics again and again, and the
 * probes answer; the service port serves nothing under /actuator (404, not a refusal that says something is there).
 * The error and refusal counters are there at zero before any error, and no label holds what a caller sent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:inocds-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
        "management.server.port=0",
        "management.server.address=127.0.0.1",
        "inocds.sandbox.enabled=false",
        "inocds.security.jwt.required=true",
        "inocds.security.jwt.audience=https://cds.example.org/cds-services",
        "inocds.security.jwt.issuers[0].iss=https://ehr.example.org",
        "inocds.security.jwt.issuers[0].jwks-url=https://ehr.example.org/.well-known/jwks.json"})
@Import(FixedClockConfiguration.class)
@AutoConfigureObservability
class ManagementPortTest {

    private static final String PATIENT = "patient-4711-secret";

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(int toPort, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + toPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aScraperReadsTheManagementPortWithoutATokenAndTheServicePortServesNoActuator() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        for (int i = 0; i < 5; i++) {
            var scrape = get(managementPort, "/actuator/prometheus");
            assertThat(scrape.statusCode()).as("scrape %d", i).isEqualTo(200);
            assertThat(scrape.body()).contains("inocds_errors_total");
        }
        assertThat(get(managementPort, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get(managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(200);

        for (String path : new String[] {"/actuator", "/actuator/prometheus", "/actuator/health", "/actuator/health/liveness",
                "/actuator/health/readiness", "/actuator/env", "/actuator/metrics"}) {
            assertThat(get(port, path).statusCode()).as(path).isEqualTo(404);
        }
        // the CDS services still need a token
        assertThat(get(port, "/cds-services").statusCode()).isEqualTo(401);
    }

    @Test
    void errorAndRefusalCountersStartAtZeroAndNoLabelHoldsWhatACallerSent() throws Exception {
        String before = get(managementPort, "/actuator/prometheus").body();
        for (String series : new String[] {
                "inocds_errors_total{kind=\"exception\",status=\"500\"}", "inocds_errors_total{kind=\"invalid\",status=\"400\"}",
                "inocds_errors_total{kind=\"not-found\",status=\"412\"}", "inocds_errors_total{kind=\"throttled\",status=\"503\"}",
                "inocds_jwt_refused_total{reason=\"REPLAY\"}", "inocds_jwt_refused_total{reason=\"AUDIENCE\"}",
                "inocds_jwt_refused_total{reason=\"SIGNATURE_OR_CLAIMS\"}"}) {
            assertThat(before).as(series).containsPattern(Pattern.quote(series) + " \\d");
        }
        assertThat(before).contains("inocds_errors_total{kind=\"exception\",status=\"500\"} 0.0");

        // a call carrying a patient id and a token that is no JWT, and one with a patient id in the path
        String body = "{\"hook\":\"order-sign\",\"hookInstance\":\"hook-" + PATIENT + "\",\"context\":{\"patientId\":\"" + PATIENT + "\"}}";
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/cds-services/inotuzumab-order-sign"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + PATIENT + ".x.y")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        get(port, "/timeline/" + PATIENT);
        get(port, "/actuator/" + PATIENT);

        String after = get(managementPort, "/actuator/prometheus").body();
        assertThat(after).containsPattern("inocds_jwt_refused_total\\{reason=\"MALFORMED\"} [1-9]");
        assertThat(after).doesNotContain(PATIENT).doesNotContain("4711");
        // every label value of the service's own meters is from a bounded vocabulary: ids, statuses, kinds
        Matcher labels = Pattern.compile("(?m)^inocds_[a-z_]+\\{([^}]*)}").matcher(after);
        while (labels.find()) {
            for (String label : labels.group(1).split(",")) {
                assertThat(label).as(labels.group()).matches("[a-z]+=\"[A-Za-z0-9_.+-]{1,40}\"");
            }
        }
    }
}
