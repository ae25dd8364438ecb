package org.inocds.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.inocds.support.CdsSchemas;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;

class DiscoveryTest extends ServiceHttpTest {

    @Test
    void listsTheThreeServicesWithTheirHooks() {
        var answer = cds.discovery();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        List<String> pairs = new ArrayList<>();
        for (JsonNode s : answer.json().get("services")) {
            pairs.add(s.get("id").asText() + "=" + s.get("hook").asText());
            assertThat(s.get("title").asText()).isNotBlank();
            assertThat(s.get("description").asText()).isNotBlank();
            assertThat(s.get("usageRequirements").asText()).isNotBlank();
        }
        assertThat(pairs).containsExactly(
                "inotuzumab-order-select=order-select",
                "inotuzumab-order-sign=order-sign",
                "inotuzumab-patient-view=patient-view");
    }

    @Test
    void prefetchTemplatesCoverWhatTheRulesRead() {
        JsonNode prefetch = cds.discovery().json().get("services").get(1).get("prefetch");
        assertThat(prefetch.get("patient").asText()).isEqualTo("Patient/{{context.patientId}}");
        assertThat(iterable(prefetch)).contains(
                "medicationRequests", "medicationAdministrations", "bodyMeasurements", "labs", "keyObservations", "conditions",
                "procedures", "serviceRequests", "carePlans", "allergies", "adverseEvents");
        assertThat(prefetch.get("carePlans").asText()).isEqualTo("CarePlan?patient={{context.patientId}}");
        assertThat(prefetch.get("adverseEvents").asText()).startsWith("AdverseEvent?subject={{context.patientId}}");
    }

    @Test
    void schemaRejectsTokensBeyondCdsHooks2() {
        var bad = org.inocds.support.CdsHttp.parse("""
                {"services":[{"hook":"order-sign","id":"x","description":"d",
                  "prefetch":{"labs":"Observation?patient={{context.patientId}}&date=ge{{today() - 7 days}}"}}]}""");
        assertThat(CdsSchemas.violations(CdsSchemas.DISCOVERY, bad)).isNotEmpty();
        var empty = org.inocds.support.CdsHttp.parse("""
                {"services":[{"hook":"order-sign","id":"x","description":"","prefetch":{}}]}""");
        assertThat(CdsSchemas.violations(CdsSchemas.DISCOVERY, empty)).isNotEmpty();
    }

    @Test
    void corsPreflightAllowsTheAuthorizationHeader() {
        var answer = cds.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(cds.base() + "/cds-services/inotuzumab-order-sign"))
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://sandbox.cds-hooks.org")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .build());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("https://sandbox.cds-hooks.org");
        assertThat(answer.header("Access-Control-Allow-Headers").toLowerCase()).contains("authorization", "content-type");
        assertThat(answer.header("Access-Control-Allow-Methods")).contains("POST");
        var get = cds.get("/cds-services", Map.of("Origin", "https://ehr.example.org"));
        assertThat(get.header("Access-Control-Allow-Origin")).isEqualTo("https://ehr.example.org");
    }

    private static List<String> iterable(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
