package org.inocds.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFhirServer;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.inocds.support.CdsHttp;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;

/**
 * Actuator health (liveness; readiness with the database and the knowledge load) and the Prometheus metrics: per-service
 * latency, cards by rule, topic and indicator, error answers by status and kind, FHIR fetches by key — and never a patient
 * id or a hookInstance in any of them.
 */
// Spring Boot tests leave metrics export off unless asked
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
class ObservabilityTest extends ServiceHttpTest {

    @Test
    void readinessNamesTheDatabaseAndTheKnowledgeAndLivenessTheProcess() {
        var readiness = cds.get("/actuator/health/readiness", Map.of());
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(CdsHttp.parse(readiness.body()).get("status").asText()).isEqualTo("UP");
        assertThat(cds.get("/actuator/health/liveness", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void callsCardsErrorsAndFetchesAreCountedWithoutPatientData() {
        var request = orderHook("order-sign", "demo-us-c1d1",
                inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.70"), "mg", "2026-01-10"));
        String hookInstance = request.get("hookInstance").asText();
        assertThat(cds.call("inotuzumab-order-sign", withFhirServer(request, cds.fhirBase())).status()).isEqualTo(200);
        assertThat(cds.post("/cds-services/inotuzumab-order-sign", "{not json".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json")).status()).isEqualTo(400);

        var metrics = cds.get("/actuator/prometheus", Map.of());
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern("inocds_hook_calls_seconds_count\\{outcome=\"cards\",service=\"inotuzumab-order-sign\"} [1-9]")
                .containsPattern("inocds_hook_calls_seconds_bucket\\{outcome=\"cards\",service=\"inotuzumab-order-sign\",le=")
                .containsPattern("inocds_cards_issued_total\\{indicator=\"warning\",rule=\"DOSE-2\",service=\"inotuzumab-order-sign\",topic=\"dose\"} [1-9]")
                .containsPattern("inocds_errors_total\\{kind=\"[a-z-]+\",status=\"400\"} [1-9]")
                .containsPattern("inocds_fhir_fetch_seconds_count\\{key=\"medicationAdministrations\",outcome=\"FETCHED\"} [1-9]")
                .containsPattern("inocds_fhir_fetch_resources_count\\{key=\"labs\"} [1-9]")
                .containsPattern("http_server_requests_seconds_bucket\\{.*uri=\"/cds-services/\\{id}\"")
                // observations that cost every request and report nothing the service needs (docs/performance.md)
                .doesNotContain("spring_security_")
                .doesNotContain("_active_seconds")
                .doesNotContain("demo-us-c1d1")
                .doesNotContain(hookInstance);
    }
}
