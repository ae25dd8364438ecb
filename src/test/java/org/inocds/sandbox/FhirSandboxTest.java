package org.inocds.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.inocds.support.CdsHttp;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;

/** The embedded FHIR server answers the searches the prefetch templates use, and reads and writes. */
class FhirSandboxTest extends ServiceHttpTest {

    private static final Map<String, String> FHIR = Map.of("Accept", "application/fhir+json");

    private JsonNode get(String query) {
        var answer = cds.get(cds.fhirBase() + "/" + query, FHIR);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return CdsHttp.parse(answer.body());
    }

    private static List<String> ids(JsonNode bundle) {
        List<String> ids = new ArrayList<>();
        bundle.path("entry").forEach(e -> ids.add(e.at("/resource/id").asText()));
        return ids;
    }

    @Test
    void readsAPatientAndAnswers404ForAnUnknownOne() {
        assertThat(get("Patient/demo-jp-c1d1").at("/name/0/family").asText()).isEqualTo("山田");
        assertThat(cds.get(cds.fhirBase() + "/Patient/nobody", FHIR).status()).isEqualTo(404);
    }

    @Test
    void searchesByPatientAndCodeListSortedNewestFirst() {
        var bundle = get("Observation?patient=demo-jp-c2&code=http://loinc.org%7C8302-2,http://loinc.org%7C29463-7&_sort=-date");
        assertThat(ids(bundle)).containsExactly("demo-jp-c2-weight", "demo-jp-c2-weight-c1", "demo-jp-c2-height");
        assertThat(ids(get("Observation?subject=Patient/demo-jp-c2&code=29463-7"))).containsExactlyInAnyOrder("demo-jp-c2-weight", "demo-jp-c2-weight-c1");
        assertThat(ids(get("Observation?patient=demo-jp-c2&code=http://snomed.info/sct%7C29463-7"))).isEmpty();
        assertThat(ids(get("Observation?patient=demo-jp-c2&category=vital-signs&_sort=date")))
                .containsExactly("demo-jp-c2-height", "demo-jp-c2-weight-c1", "demo-jp-c2-weight");
    }

    /** Real-clients finding 1: the public CDS Hooks sandbox reads FHIR from the browser (CORS, POST _search). */
    @Test
    void browserClientsGetCorsAndPostSearchIsAnsweredAsGet() {
        String origin = "http://localhost:8900";
        var preflight = cds.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(cds.fhirBase() + "/Observation/_search"))
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,accept").build());
        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(origin);
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
        var read = cds.get(cds.fhirBase() + "/Patient/demo-jp-c2", Map.of("Origin", origin, "Accept", "application/fhir+json"));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("Access-Control-Allow-Origin")).isEqualTo(origin);

        String form = "patient=demo-jp-c2&code=http%3A%2F%2Floinc.org%7C8302-2%2Chttp%3A%2F%2Floinc.org%7C29463-7&_sort=-date";
        var post = cds.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(cds.fhirBase() + "/Observation/_search"))
                .header("Origin", origin).header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/fhir+json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build());
        assertThat(post.status()).as(post.body()).isEqualTo(200);
        assertThat(post.header("Access-Control-Allow-Origin")).isEqualTo(origin);
        assertThat(ids(CdsHttp.parse(post.body()))).containsExactly("demo-jp-c2-weight", "demo-jp-c2-weight-c1", "demo-jp-c2-height");
    }

    @Test
    void searchesByDateRangeAndStatus() {
        String base = "MedicationAdministration?patient=demo-jp-c2&status=completed&_sort=effective-time";
        assertThat(ids(get(base))).containsExactly("demo-jp-c2-c1d1", "demo-jp-c2-c1d8", "demo-jp-c2-c1d15");
        assertThat(ids(get(base + "&effective-time=ge2025-12-27"))).containsExactly("demo-jp-c2-c1d8", "demo-jp-c2-c1d15");
        assertThat(ids(get(base + "&effective-time=ge2025-12-21&effective-time=le2025-12-27"))).containsExactly("demo-jp-c2-c1d8");
        assertThat(ids(get("MedicationAdministration?patient=demo-jp-c2&status=not-done"))).isEmpty();
        assertThat(ids(get("Observation?patient=demo-jp-c2&category=vital-signs&date=le2025-12-10"))).containsExactly("demo-jp-c2-height");
        assertThat(ids(get("Observation?patient=demo-jp-c2&date=le2025-12-10"))).containsExactlyInAnyOrder("demo-jp-c2-height", "demo-jp-c2-cd22");
    }

    @Test
    void pagesWithCountAndNextLinks() {
        var first = get("MedicationAdministration?patient=demo-jp-c2&_sort=-effective-time&_count=2");
        assertThat(ids(first)).containsExactly("demo-jp-c2-c1d15", "demo-jp-c2-c1d8");
        assertThat(first.get("total").asInt()).isEqualTo(3);
        String next = null;
        for (JsonNode link : first.get("link")) {
            if (link.get("relation").asText().equals("next")) {
                next = link.get("url").asText();
            }
        }
        assertThat(next).isNotNull();
        assertThat(ids(CdsHttp.parse(cds.get(next, FHIR).body()))).containsExactly("demo-jp-c2-c1d1");
    }

    @Test
    void refusesParametersItDoesNotSupport() {
        assertThat(cds.get(cds.fhirBase() + "/Condition?patient=demo-jp-c2&date=ge2020-01-01", FHIR).status()).isEqualTo(400);
        assertThat(cds.get(cds.fhirBase() + "/Observation?patient=demo-jp-c2&_include=Observation:subject", FHIR).status()).isEqualTo(400);
    }

    @Test
    void createsUpdatesAndDeletes() {
        String order = """
                {"resourceType":"MedicationRequest","status":"draft","intent":"order",
                 "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1942950"}]},
                 "subject":{"reference":"Patient/demo-us-c1d1"},"authoredOn":"2026-01-10"}""";
        var created = cds.send(HttpRequest.newBuilder(URI.create(cds.fhirBase() + "/MedicationRequest"))
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(order)).build());
        assertThat(created.status()).isEqualTo(201);
        String location = created.header("Location");
        String id = location.replaceAll(".*/MedicationRequest/([^/]+).*", "$1");
        assertThat(ids(get("MedicationRequest?patient=demo-us-c1d1&code=1942950"))).containsExactly(id);

        var updated = cds.send(HttpRequest.newBuilder(URI.create(cds.fhirBase() + "/MedicationRequest/" + id))
                .header("Content-Type", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString(order.replace("draft", "active").replace("{\"resourceType\"",
                        "{\"id\":\"" + id + "\",\"resourceType\""))).build());
        assertThat(updated.status()).isEqualTo(200);
        assertThat(get("MedicationRequest/" + id).get("status").asText()).isEqualTo("active");

        var deleted = cds.send(HttpRequest.newBuilder(URI.create(cds.fhirBase() + "/MedicationRequest/" + id)).DELETE().build());
        assertThat(deleted.status()).isIn(200, 204);
        assertThat(cds.get(cds.fhirBase() + "/MedicationRequest/" + id, FHIR).status()).isEqualTo(404);
    }
}
