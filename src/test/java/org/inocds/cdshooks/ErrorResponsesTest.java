package org.inocds.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFullPrefetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import org.inocds.support.CdsHttp;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of docs/design.md "Errors" over a real port: status and an OperationOutcome, never a stack trace. */
class ErrorResponsesTest extends ServiceHttpTest {

    private static final String SIGN = "/cds-services/inotuzumab-order-sign";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private static ObjectNode validSign() {
        return orderHook("order-sign", "demo-us-c1d1",
                inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.6"), "mg", "2026-01-10"));
    }

    record Breakage(String name, Consumer<ObjectNode> change, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static java.util.List<Breakage> badRequests() {
        return java.util.List.of(
                new Breakage("no hook", r -> r.remove("hook"), "hook is required"),
                new Breakage("hook of another service", r -> r.put("hook", "patient-view"), "does not match"),
                new Breakage("hook not a string", r -> r.put("hook", 7), "hook must be a non-empty string"),
                new Breakage("no hookInstance", r -> r.remove("hookInstance"), "hookInstance is required"),
                new Breakage("empty hookInstance", r -> r.put("hookInstance", ""), "hookInstance must be"),
                new Breakage("no context", r -> r.remove("context"), "context is required"),
                new Breakage("no patientId", r -> ((ObjectNode) r.get("context")).remove("patientId"), "context.patientId is required"),
                new Breakage("patientId not an id", r -> ((ObjectNode) r.get("context")).put("patientId", "../Patient/x"), "not a valid FHIR id"),
                new Breakage("no draftOrders", r -> ((ObjectNode) r.get("context")).remove("draftOrders"), "context.draftOrders"),
                new Breakage("draftOrders not a Bundle", r -> ((ObjectNode) r.get("context")).putObject("draftOrders").put("resourceType", "MedicationRequest"), "context.draftOrders"),
                new Breakage("prefetch value a string", r -> r.putObject("prefetch").put("patient", "Patient/1"), "prefetch.patient must be a FHIR resource or null"),
                new Breakage("fhirAuthorization without fhirServer", r -> r.putObject("fhirAuthorization").put("access_token", "t").put("token_type", "Bearer"), "fhirServer is required"),
                new Breakage("fhirServer not http(s)", r -> r.put("fhirServer", "ftp://ehr.example.org/fhir"), "fhirServer must be"),
                new Breakage("fhirServer not a URL", r -> r.put("fhirServer", "not a url"), "fhirServer"),
                new Breakage("token type not Bearer", r -> {
                    r.put("fhirServer", "https://ehr.example.org/fhir");
                    r.putObject("fhirAuthorization").put("access_token", "t").put("token_type", "MAC");
                }, "token_type must be Bearer"));
    }

    @ParameterizedTest(name = "400: {0}")
    @MethodSource("badRequests")
    void badRequestsAnswer400WithAnOperationOutcome(Breakage breakage) {
        ObjectNode request = validSign();
        breakage.change().accept(request);
        var answer = cds.post(SIGN, request.toString().getBytes(StandardCharsets.UTF_8), JSON);
        assertOperationOutcome(answer, 400, "invalid", breakage.message());
    }

    @Test
    void orderSelectWithoutSelectionsIs400() {
        ObjectNode request = orderHook("order-sign", "demo-us-c1d1",
                inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.6"), "mg", "2026-01-10"));
        request.put("hook", "order-select");
        var answer = cds.post("/cds-services/inotuzumab-order-select", request.toString().getBytes(StandardCharsets.UTF_8), JSON);
        assertOperationOutcome(answer, 400, "invalid", "context.selections is required");
    }

    @Test
    void malformedJsonIs400() {
        assertOperationOutcome(cds.post(SIGN, "{\"hook\": ".getBytes(StandardCharsets.UTF_8), JSON), 400, "invalid", "not valid JSON");
        assertOperationOutcome(cds.post(SIGN, "[1,2]".getBytes(StandardCharsets.UTF_8), JSON), 400, "invalid", "must be a JSON object");
        assertOperationOutcome(cds.post(SIGN, "{} {}".getBytes(StandardCharsets.UTF_8), JSON), 400, "invalid", "not valid JSON");
        assertOperationOutcome(cds.post(SIGN, "{\"hook\":\"a\",\"hook\":\"b\"}".getBytes(StandardCharsets.UTF_8), JSON), 400, "invalid", "repeats a key");
    }

    @Test
    void invalidUtf8Is400() {
        byte[] prefix = "{\"hook\":\"order-sign\",\"hookInstance\":\"x".getBytes(StandardCharsets.UTF_8);
        byte[] body = java.util.Arrays.copyOf(prefix, prefix.length + 3);
        body[prefix.length] = (byte) 0xC3; // a lead byte followed by a byte that cannot continue it
        body[prefix.length + 1] = (byte) 0x28;
        body[prefix.length + 2] = (byte) '"';
        assertOperationOutcome(cds.post(SIGN, body, JSON), 400, "invalid", "not valid JSON");
    }

    @Test
    void deeplyNestedJsonIs400() {
        String deep = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
        assertOperationOutcome(cds.post(SIGN, deep.getBytes(StandardCharsets.UTF_8), JSON), 400, "invalid", "nested too deeply");
    }

    @Test
    void unknownServiceIs404() {
        var answer = cds.post("/cds-services/no-such-service", validSign().toString().getBytes(StandardCharsets.UTF_8), JSON);
        assertOperationOutcome(answer, 404, "not-found", "no CDS service with id 'no-such-service'");
        var feedbackPath = cds.get("/cds-services/inotuzumab-order-sign/unknown/path", Map.of());
        assertThat(feedbackPath.status()).isEqualTo(404);
    }

    @Test
    void getOnAServiceIs405() {
        assertOperationOutcome(cds.get(SIGN, Map.of()), 405, "not-supported", "method GET not allowed");
    }

    @Test
    void bodyThatIsNotJsonIs415() {
        byte[] body = org.inocds.support.HookRequests.withFhirServer(validSign(), cds.fhirBase()).toString()
                .getBytes(StandardCharsets.UTF_8);
        assertOperationOutcome(cds.post(SIGN, body, Map.of("Content-Type", "text/plain")), 415, "not-supported", "application/json");
        assertOperationOutcome(cds.post(SIGN, body, Map.of()), 415, "not-supported", "Content-Type application/json is required");
        assertOperationOutcome(cds.post(SIGN, body, Map.of("Content-Type", "application/xml")), 415, "not-supported", "application/json");
        assertThat(cds.post(SIGN, body, Map.of("Content-Type", "application/json; charset=utf-8")).status()).isEqualTo(200);
    }

    @Test
    void bodyOverFiveMegabytesIs413() {
        byte[] big = new byte[5 * 1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        assertOperationOutcome(cds.post(SIGN, big, JSON), 413, "too-long", "larger than 5242880 bytes");
        // without a Content-Length (chunked), the limit holds while reading
        var chunked = cds.send(HttpRequest.newBuilder(URI.create(cds.base() + SIGN))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build());
        assertOperationOutcome(chunked, 413, "too-long", "larger than");
    }

    @Test
    void noPrefetchAndNoFhirServerIs412() {
        var answer = cds.post(SIGN, validSign().toString().getBytes(StandardCharsets.UTF_8), JSON);
        assertOperationOutcome(answer, 412, "not-found", "names no fhirServer");
        assertThat(answer.json().at("/issue/0/diagnostics").asText()).contains("bodyMeasurements", "patient");
    }

    @Test
    void partialPrefetchAndNoFhirServerIs412NamingTheMissingKeys() {
        ObjectNode request = withFullPrefetch(validSign(), cds, "inotuzumab-order-sign");
        ((ObjectNode) request.get("prefetch")).remove("labs");
        var answer = cds.post(SIGN, request.toString().getBytes(StandardCharsets.UTF_8), JSON);
        assertOperationOutcome(answer, 412, "not-found", "[labs]");
    }

    @Test
    void unlistedLoopbackFhirServerIsRefusedAnd412() {
        ObjectNode request = validSign();
        request.put("fhirServer", "http://127.0.0.1:9/fhir");
        var answer = cds.post(SIGN, request.toString().getBytes(StandardCharsets.UTF_8), JSON);
        assertOperationOutcome(answer, 412, "not-found", "non-public address that is not allowlisted: loopback (127.0.0.0/8)");
    }

    @Test
    void prefetchThatTheEhrFailedToFetchGivesADataQualityCard() {
        ObjectNode request = withFullPrefetch(validSign(), cds, "inotuzumab-order-sign");
        ObjectNode prefetch = (ObjectNode) request.get("prefetch");
        prefetch.set("labs", CdsHttp.parse("""
                {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"timeout"}]}"""));
        var answer = cds.call("inotuzumab-order-sign", request);
        assertThat(answer.status()).isEqualTo(200);
        // ELIG-3 (CD22 is a lab) must not claim "not documented" from data it never saw
        assertThat(org.inocds.support.Cards.alerts(answer.json())).containsExactly("DQ-2");
        JsonNode card = org.inocds.support.Cards.card(answer.json(), "DQ-2");
        assertThat(card.get("summary").asText()).contains("labs");
        assertThat(card.get("detail").asText()).contains("HEM-1", "HEP-2", "ELIG-3");
    }

    @Test
    void failedBodyMeasurementsLeaveTheDoseUncheckedAndSaySo() {
        ObjectNode request = withFullPrefetch(validSign(), cds, "inotuzumab-order-sign");
        ((ObjectNode) request.get("prefetch")).set("bodyMeasurements", CdsHttp.parse("""
                {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception"}]}"""));
        var answer = cds.call("inotuzumab-order-sign", request);
        // DOSE-1 would claim "no recent weight" from data it never saw: the DQ-2 card names it instead
        assertThat(org.inocds.support.Cards.rules(answer.json())).containsExactlyInAnyOrder("DQ-2", "START-1");
        assertThat(org.inocds.support.Cards.card(answer.json(), "DQ-2").get("detail").asText()).contains("DOSE-1", "DOSE-2", "DOSE-3");
    }

    @Test
    void nullPrefetchMeansNothingFound() {
        ObjectNode request = withFullPrefetch(validSign(), cds, "inotuzumab-order-sign");
        ((ObjectNode) request.get("prefetch")).putNull("bodyMeasurements");
        var answer = cds.call("inotuzumab-order-sign", request);
        assertThat(org.inocds.support.Cards.alerts(answer.json())).containsExactly("DOSE-1");
    }

    @Test
    void unknownFieldsAndExtensionsAreTolerated() {
        ObjectNode request = withFullPrefetch(validSign(), cds, "inotuzumab-order-sign");
        request.putObject("extension").put("com.example.timestamp", "2026-01-10T00:00:00Z");
        request.put("somethingNew", true);
        ((ObjectNode) request.get("context")).put("encounterId", "89284");
        ((ObjectNode) request.get("context")).putObject("extension").put("org.example.x", 1);
        var answer = cds.call("inotuzumab-order-sign", request);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(org.inocds.support.Cards.alerts(answer.json())).isEmpty();
    }

    @Test
    void missingDoseHistoryLeavesTheOrderUnplacedAndSaysSo() {
        ObjectNode request = withFullPrefetch(validSign(), cds, "inotuzumab-order-sign");
        ((ObjectNode) request.get("prefetch")).set("medicationAdministrations", CdsHttp.parse("""
                {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception"}]}"""));
        var answer = cds.call("inotuzumab-order-sign", request);
        // no dose verdict and no first-dose checklist: without the history the order could be any cycle
        assertThat(org.inocds.support.Cards.rules(answer.json())).containsExactly("DQ-2");
        assertThat(org.inocds.support.Cards.card(answer.json(), "DQ-2").get("detail").asText()).contains("DOSE-2", "SCHED-1", "SCHED-4", "CYC-4");
    }

    static void assertOperationOutcome(CdsHttp.Answer answer, int status, String code, String diagnostics) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/fhir+json");
        JsonNode issue = answer.json().get("issue").get(0);
        assertThat(answer.json().get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(issue.get("severity").asText()).isEqualTo("error");
        assertThat(issue.get("code").asText()).isEqualTo(code);
        assertThat(issue.get("diagnostics").asText()).contains(diagnostics);
        assertThat(answer.body()).doesNotContain("Exception", "\tat ", "java.");
    }
}
