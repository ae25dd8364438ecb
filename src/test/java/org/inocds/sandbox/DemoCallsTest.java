package org.inocds.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.RXNORM;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.medicationOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.patientView;
import static org.inocds.support.HookRequests.withFhirServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.support.CdsHttp;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;

/**
 * Every demo patient says which call the demo page presets for it (hook, ordered mg) and which cards that call shows
 * (its demo tags, written by scripts/scenarios.py and scripts/demo-patients.py); this test makes that call against the
 * embedded FHIR sandbox and requires exactly those cards, so the demo never promises what the service does not do.
 */
class DemoCallsTest extends ServiceHttpTest {

    @Test
    void everyDemoPatientShowsTheCardsItsStoryPromises() {
        var patients = CdsHttp.parse(cds.get("/fhir/Patient?_count=200", Map.of("Accept", "application/fhir+json")).body()).get("entry");
        int checked = 0;
        for (JsonNode entry : patients) {
            JsonNode patient = entry.get("resource");
            String id = patient.get("id").asText();
            String hook = tag(patient, "-call").map(t -> t.get("code").asText()).orElseThrow(() -> new AssertionError(id + " has no demo call"));
            String expected = tag(patient, "-expect").map(t -> t.get("display").asText()).orElseThrow();
            List<ObjectNode> drafts = new ArrayList<>();
            tag(patient, "-order-mg").ifPresent(mg -> drafts.add(inotuzumabOrder("draft-1", id, new BigDecimal(mg.get("code").asText()),
                    "mg", "2026-01-10")));
            for (JsonNode t : patient.at("/meta/tag")) {
                if (t.path("system").asText().equals(DemoData.STORY_SYSTEM + "-other-order")) {
                    String[] nameAndMg = t.get("display").asText().split(" ");
                    drafts.add(medicationOrder("draft-" + (drafts.size() + 2), id, RXNORM, t.get("code").asText(), nameAndMg[0],
                            new BigDecimal(nameAndMg[1]), "mg", "2026-01-10"));
                }
            }
            var request = hook.equals("patient-view") ? patientView(id) : orderHook(hook, id, drafts.toArray(ObjectNode[]::new));
            var answer = cds.call("inotuzumab-" + hook, withFhirServer(request, cds.fhirBase()), "en");
            assertThat(answer.status()).as(id).isEqualTo(200);
            List<String> shown = new ArrayList<>();
            for (JsonNode card : answer.json().get("cards")) {
                shown.add(card.at("/extension/inocds.finding/rules/0").asText() + " (" + card.get("indicator").asText() + ")");
            }
            assertThat(shown.isEmpty() ? "none" : String.join(", ", shown.stream().sorted().toList()))
                    .as(id + " called with " + hook).isEqualTo(String.join(", ", List.of(expected.split(", ")).stream().sorted().toList()));
            checked++;
        }
        assertThat(checked).isEqualTo(26);
    }

    private static Optional<JsonNode> tag(JsonNode patient, String suffix) {
        for (JsonNode t : patient.at("/meta/tag")) {
            if (t.path("system").asText().equals(DemoData.STORY_SYSTEM + suffix)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
