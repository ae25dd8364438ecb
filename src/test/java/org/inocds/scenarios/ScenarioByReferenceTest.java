package org.inocds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.withFhirServer;
import static org.inocds.support.HookRequests.withFullPrefetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.inocds.sandbox.DemoData;
import org.inocds.support.FixedClockConfiguration;
import org.junit.jupiter.api.io.TempDir;
import org.inocds.support.Cards;
import org.inocds.support.CdsHttp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 26 deliverable 6: every scenario again with every medication written by reference, as Epic writes it — each
 * MedicationRequest and MedicationAdministration of the prefetch and of the draft orders names its drug by
 * {@code medicationReference} (absolute, for the history) to a Medication carried beside it (an {@code include} entry of
 * the same searchset; an entry of the draft-orders Bundle) — and held to the same cards as with the codes in place.
 */
class ScenarioByReferenceTest extends ScenarioHttpTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inocds.scenarios.ScenarioFiles#ids")
    void everyMedicationByReferenceGivesTheSameCards(String id) throws IOException {
        JsonNode expect = loaded(id);
        String hook = expect.get("hook").asText();
        String service = "inotuzumab-" + hook;
        ObjectNode request = withFullPrefetch(ScenarioFiles.request(id, hook, expect), cds, service);
        ObjectNode byReference = request.deepCopy();
        int[] n = {0};
        byReference.get("prefetch").forEach(value -> {
            if (value instanceof ObjectNode bundle && bundle.has("entry")) {
                byReference(bundle, "https://ehr.example.org/api/FHIR/R4/Medication/", n);
            }
        });
        if (byReference.at("/context/draftOrders") instanceof ObjectNode drafts) {
            byReference(drafts, "Medication/", n);
        }
        var plain = cds.call(service, request);
        var referenced = cds.call(service, byReference);
        assertThat(referenced.status()).as(referenced.body()).isEqualTo(200);
        assertThat(cards(referenced.json())).as(id + ": " + n[0] + " medications by reference").isEqualTo(cards(plain.json()));
    }

    @TempDir
    Path dir;

    /**
     * The same with no prefetch: the scenario's Bundle, every medication by reference, is loaded into the embedded FHIR
     * server under another patient id, and the draft orders reference Medications that only the server holds — read
     * from it as {@code Medication/{id}}, once each.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inocds.scenarios.ScenarioFiles#ids")
    void everyMedicationByReferenceFetchedGivesTheSameCards(String id) throws IOException {
        JsonNode expect = loaded(id);
        String hook = expect.get("hook").asText();
        String service = "inotuzumab-" + hook;
        var plain = cds.call(service, withFhirServer(ScenarioFiles.request(id, hook, expect), cds.fhirBase()));

        // another patient of an id as long (a card's summary is cut at a length: the same cut both ways)
        String other = (id.charAt(0) == 'x' ? "y" : "x") + id.substring(1);
        ObjectNode bundle = (ObjectNode) CdsHttp.parse(Files.readString(ScenarioFiles.DIR.resolve(id + ".bundle.json")).replace(id, other));
        int[] n = {0};
        byReference(bundle, "Medication/", n);
        ObjectNode request = withFhirServer(ScenarioFiles.request(other, hook, expect), cds.fhirBase());
        if (request.at("/context/draftOrders") instanceof ObjectNode drafts) {
            ObjectNode draftMedications = CdsHttp.object().put("resourceType", "Bundle").put("type", "collection");
            draftMedications.set("entry", drafts.get("entry").deepCopy());
            int before = n[0];
            byReference(draftMedications, "Medication/", n);
            // the drafts by reference; their Medications go to the server only
            ArrayNode entries = (ArrayNode) draftMedications.get("entry");
            ArrayNode sent = (ArrayNode) drafts.get("entry");
            for (int i = 0; i < sent.size(); i++) {
                sent.set(i, entries.get(i));
            }
            for (int i = sent.size(); i < entries.size(); i++) {
                ((ArrayNode) bundle.get("entry")).add(entries.get(i));
            }
            assertThat(n[0]).isGreaterThanOrEqualTo(before);
        }
        Path file = dir.resolve(other + ".bundle.json");
        Files.writeString(file, bundle.toString());
        DemoData.load(fhir, store, "file:" + file, FixedClockConfiguration.TODAY);
        var referenced = cds.call(service, request);
        assertThat(referenced.status()).as(referenced.body()).isEqualTo(200);
        assertThat(unescaped(cards(referenced.json()).toString()).replace(other, id)).as(id + ": " + n[0] + " medications by reference")
                .isEqualTo(unescaped(cards(plain.json()).toString()));
    }

    /** Record text in a card is escaped for markdown (an id's "-" as "\\-"): compared as the ids read, so that one can be renamed. */
    private static String unescaped(String cardsJson) {
        return cardsJson.replaceAll("\\\\\\\\([-.])", "$1");
    }

    /** Each medicationCodeableConcept of the Bundle's medication resources moved to a Medication entry of the Bundle. */
    private static void byReference(ObjectNode bundle, String base, int[] n) {
        ArrayNode entries = (ArrayNode) bundle.get("entry");
        int size = entries.size();
        for (int i = 0; i < size; i++) {
            if (!(entries.get(i).get("resource") instanceof ObjectNode r) || !r.has("medicationCodeableConcept")) {
                continue;
            }
            String medId = "med-" + ++n[0];
            ObjectNode medication = CdsHttp.object().put("resourceType", "Medication").put("id", medId);
            medication.set("code", r.remove("medicationCodeableConcept"));
            r.putObject("medicationReference").put("reference", base + medId);
            ObjectNode entry = entries.addObject();
            entry.set("resource", medication);
            if (entries.get(i).has("request")) { // a transaction Bundle: the Medication is stored too
                entry.put("fullUrl", "urn:inocds:Medication/" + medId);
                entry.putObject("request").put("method", "PUT").put("url", "Medication/" + medId);
            }
            if (bundle.path("type").asText().equals("searchset")) {
                entry.putObject("search").put("mode", "include");
            }
        }
    }

    /** The cards without what differs by nature: their random ids, and the order copied into a suggestion as it was sent. */
    private static JsonNode cards(JsonNode answer) {
        JsonNode copy = Cards.withoutIds(answer);
        for (JsonNode card : copy.get("cards")) {
            for (JsonNode s : card.path("suggestions")) {
                for (JsonNode a : s.path("actions")) {
                    if ("update".equals(a.path("type").asText())) {
                        ((ObjectNode) a).remove("resource");
                    }
                }
            }
        }
        return copy;
    }
}
