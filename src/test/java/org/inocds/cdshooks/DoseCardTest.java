package org.inocds.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFhirServer;
import static org.inocds.support.HookRequests.withFullPrefetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Map;
import static org.inocds.support.Cards.alerts;
import static org.inocds.support.Cards.card;
import static org.inocds.support.Cards.rules;
import org.inocds.support.HookRequests;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DOSE-1 and DOSE-2 end to end on the demo patients, over HTTP, once with the full prefetch and once
 * with the service fetching from the embedded FHIR server: both must give the same cards.
 *
 * <p>demo-us-c1d1: 178 cm, 81 kg → Mosteller √(178×81/3600) = 2.0012 → 2.00 m²; C1D1 0.8 mg/m² → 1.60 mg.
 * demo-jp-c1d1: 158 cm, 52.4 kg → √(158×52.4/3600) = 1.5165 → 1.52 m²; 0.8 × 1.52 = 1.216 → 1.22 mg.
 */
class DoseCardTest extends ServiceHttpTest {

    private static final String SIGN = "inotuzumab-order-sign";
    private static final String SELECT = "inotuzumab-order-select";

    private ObjectNode sign(String patient, String dose) {
        return orderHook("order-sign", patient,
                inotuzumabOrder("draft-1", patient, new BigDecimal(dose), "mg", "2026-01-10"));
    }

    @Test
    void wrongDoseOnCycle1Day1GetsAWarningWithTheCorrectedDose() {
        var answer = cds.call(SIGN, withFullPrefetch(sign("demo-us-c1d1", "1.70"), cds, SIGN));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(rules(answer.json())).containsExactly("DOSE-2", "START-1");
        JsonNode card = card(answer.json(), "DOSE-2");
        assertThat(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(card.at("/source/topic/code").asText()).isEqualTo("dose");
        assertThat(card.at("/source/topic/system").asText()).isEqualTo("http://inocds.org/fhir/CodeSystem/card-topic");
        assertThat(card.at("/source/url").asText()).isEqualTo(cds.base() + "/rules/DOSE-2");
        assertThat(card.at("/source/label").asText()).contains("1st ed.", "2018");
        assertThat(card.get("uuid").asText()).matches("[0-9a-f\\-]{36}");
        assertThat(card.get("summary").asText()).contains("1.70 mg", "1.60 mg", "C1D1");
        assertThat(card.get("detail").asText())
                .contains("0.8 mg/m² × 2.00 m² = 1.6 → **1.60 mg**")
                .contains("Mosteller", "height 178 cm (2025-12-20)", "weight 81 kg (2026-01-09)")
                .contains("_Rule DOSE-2._").doesNotContain("1st ed.");
        // the label's edition and section said once, in the source (issue 23)
        assertThat(card.at("/source/label").asText()).contains("Dosage and administration");

        JsonNode finding = card.at("/extension/inocds.finding");
        assertThat(finding.get("rules").get(0).asText()).isEqualTo("DOSE-2");
        assertThat(finding.get("cycle").asInt()).isEqualTo(1);
        assertThat(finding.get("day").asInt()).isEqualTo(1);
        assertThat(finding.get("doseLevel").asInt()).isZero();
        assertThat(finding.get("plannedDate").asText()).isEqualTo("2026-01-10");
        assertThat(finding.get("bsaM2").decimalValue()).isEqualByComparingTo("2.00");
        assertThat(finding.get("mgPerM2").decimalValue()).isEqualByComparingTo("0.8");
        assertThat(finding.get("expectedDoseMg").decimalValue()).isEqualByComparingTo("1.60");
        assertThat(finding.get("orderedDoseMg").decimalValue()).isEqualByComparingTo("1.70");

        assertThat(card.get("selectionBehavior").asText()).isEqualTo("at-most-one");
        JsonNode action = card.at("/suggestions/0/actions/0");
        assertThat(action.get("type").asText()).isEqualTo("update");
        assertThat(action.at("/resource/id").asText()).isEqualTo("draft-1");
        assertThat(action.at("/resource/dosageInstruction/0/doseAndRate/0/doseQuantity/value").decimalValue())
                .isEqualByComparingTo("1.60");
        assertThat(action.at("/resource/dosageInstruction/0/doseAndRate/0/doseQuantity/code").asText()).isEqualTo("mg");
        // the rest of the order is kept whole (an update carries the entire resource)
        assertThat(action.at("/resource/medicationCodeableConcept/coding/0/code").asText()).isEqualTo("1942950");
        assertThat(action.at("/resource/dosageInstruction/0/timing/event/0").asText()).isEqualTo("2026-01-10");
    }

    @Test
    void fetchingFromTheFhirServerGivesTheSameCardsAsFullPrefetch() {
        for (String patient : new String[] {"demo-us-c1d1", "demo-jp-c1d1", "demo-stale-weight"}) {
            var prefetched = cds.call(SIGN, withFullPrefetch(sign(patient, "1.70"), cds, SIGN));
            var fetched = cds.call(SIGN, withFhirServer(sign(patient, "1.70"), cds.fhirBase()));
            assertThat(fetched.status()).isEqualTo(200);
            assertThat(org.inocds.support.Cards.withoutIds(fetched.json())).as(patient).isEqualTo(org.inocds.support.Cards.withoutIds(prefetched.json()));
            assertThat(fetched.json().get("cards")).as(patient).isNotEmpty();
        }
    }

    @Test
    void japanesePatientGetsJapaneseCardWithItsOwnBsa() {
        var answer = cds.call(SIGN, withFhirServer(sign("demo-jp-c1d1", "1.30"), cds.fhirBase()), "ja,en;q=0.5");
        JsonNode card = card(answer.json(), "DOSE-2");
        assertThat(card.get("summary").asText()).contains("予定量 1.22 mg", "1.52 m²");
        assertThat(card.get("detail").asText()).contains("0.8 mg/m² × 1.52 m² = 1.216 → **1.22 mg**", "初回投与");
        assertThat(card.at("/source/label").asText()).contains("用法・用量");
        assertThat(card.at("/source/topic/display").asText()).isEqualTo("投与量");
        assertThat(card.at("/source/label").asText()).contains("添付文書 第1版");
    }

    @Test
    void correctDoseOnOrderSignIsQuiet() {
        var answer = cds.call(SIGN, withFhirServer(sign("demo-us-c1d1", "1.60"), cds.fhirBase()));
        assertThat(alerts(answer.json())).isEmpty();
        assertThat(rules(answer.json())).containsExactly("START-1"); // one merged checklist on the first dose
    }

    @Test
    void correctDoseOnOrderSelectShowsTheCalculation() {
        var request = orderHook("order-select", "demo-us-c1d1",
                inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.6"), "mg", "2026-01-10"));
        var answer = cds.call(SELECT, withFhirServer(request, cds.fhirBase()));
        assertThat(rules(answer.json())).containsExactlyInAnyOrder("DOSE-2", "PREP-1", "START-1");
        assertThat(alerts(answer.json())).isEmpty();
        JsonNode calculation = card(answer.json(), "DOSE-2");
        assertThat(calculation.get("summary").asText()).isEqualTo("Inotuzumab C1D1: 0.8 mg/m² × 2.00 m² = 1.60 mg");
        assertThat(calculation.has("suggestions")).isFalse();
        assertThat(card(answer.json(), "PREP-1").get("summary").asText()).contains("1.60 mg", "6.40 mL", "2 vial");
    }

    @Test
    void doseInMicrogramsIsConvertedBeforeTheCheck() {
        var request = orderHook("order-sign", "demo-us-c1d1",
                inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1600"), "ug", "2026-01-10"));
        assertThat(alerts(cds.call(SIGN, withFhirServer(request, cds.fhirBase())).json())).isEmpty();
    }

    /**
     * A dose counted in vials is vials × 1 mg (組成・性状): 1.6 vials is right for demo-us-c1d1 (1.60 mg); 1.7 vials
     * gets DOSE-2 whose suggestion corrects the order in its own unit; 2 瓶 is an overdose (DOSE-3).
     */
    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({"1.6, {vial}, ''", "1.7, {vial}, DOSE-2", "2, 瓶, DOSE-3"})
    void doseInVialsIsReadAsVialsTimesTheVialStrength(String vials, String unit, String rule) {
        var request = orderHook("order-sign", "demo-us-c1d1",
                inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal(vials), unit, "2026-01-10"));
        var answer = cds.call(SIGN, withFhirServer(request, cds.fhirBase())).json();
        if (rule.isEmpty()) {
            assertThat(alerts(answer)).isEmpty();
            return;
        }
        assertThat(rules(answer)).contains(rule).doesNotContain("DQ-4");
        JsonNode dose = card(answer, rule).at("/suggestions/0/actions/0/resource/dosageInstruction/0/doseAndRate/0/doseQuantity");
        assertThat(dose.get("value").decimalValue()).isEqualByComparingTo("1.6");
        assertThat(dose.get("code").asText()).as("corrected in the order's own unit").isEqualTo(unit);
    }

    @Test
    void outdatedWeightGivesADataQualityCardAndNoDoseVerdict() {
        var answer = cds.call(SIGN, withFhirServer(sign("demo-stale-weight", "5.0"), cds.fhirBase()));
        assertThat(rules(answer.json())).containsExactly("DOSE-1", "START-1");
        JsonNode card = card(answer.json(), "DOSE-1");
        assertThat(card.at("/source/topic/code").asText()).isEqualTo("data-quality");
        assertThat(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(card.at("/extension/inocds.finding/rules/0").asText()).isEqualTo("DOSE-1");
        assertThat(card.at("/extension/inocds.finding").has("expectedDoseMg")).isFalse();
        assertThat(card.get("detail").asText()).contains("Newest weight is from 2025-11-20, older than 30 days.");
        assertThat(card.has("suggestions")).isFalse();
    }

    @Test
    void ordersForOtherDrugsAnswerNoCards() {
        var other = HookRequests.medicationOrder("draft-9", "demo-us-c1d1", HookRequests.RXNORM, "197361",
                "amlodipine 5 MG Oral Tablet", new BigDecimal("5"), "mg", "2026-01-10");
        var answer = cds.call(SIGN, orderHook("order-sign", "demo-us-c1d1", other));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"cards\":[]}");
    }

    @Test
    void orderSelectChecksOnlyTheSelectedOrders() {
        var wrong = inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("3"), "mg", "2026-01-10");
        var request = orderHook("order-select", "demo-us-c1d1", wrong);
        ((ObjectNode) request.get("context")).putArray("selections").add("MedicationRequest/other");
        var answer = cds.call(SELECT, withFhirServer(request, cds.fhirBase()));
        assertThat(answer.json().get("cards")).isEmpty();
    }

    @Test
    void orderNamedOnlyInTextIsCheckedAndFlagged() {
        var order = inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.70"), "mg", "2026-01-10");
        ObjectNode concept = (ObjectNode) order.get("medicationCodeableConcept");
        concept.remove("coding");
        concept.put("text", "ベスポンサ点滴静注用1mg");
        var answer = cds.call(SIGN, withFhirServer(orderHook("order-sign", "demo-us-c1d1", order), cds.fhirBase()));
        assertThat(rules(answer.json())).containsExactlyInAnyOrder("DOSE-2", "DQ-4", "START-1");
    }

    @Test
    void orderWithoutADoseGetsDataQualityCard() {
        var order = inotuzumabOrder("draft-1", "demo-us-c1d1", null, "mg", "2026-01-10");
        var answer = cds.call(SIGN, withFhirServer(orderHook("order-sign", "demo-us-c1d1", order), cds.fhirBase()));
        assertThat(alerts(answer.json())).containsExactly("DQ-4");
        assertThat(card(answer.json(), "DQ-4").get("summary").asText()).contains("no dose");
    }

    @Test
    void ruleLinkOfTheCardExplainsTheRuleInBothLanguages() {
        var answer = cds.call(SIGN, withFhirServer(sign("demo-us-c1d1", "1.70"), cds.fhirBase()));
        String url = card(answer.json(), "DOSE-2").at("/source/url").asText();
        var en = cds.get(url, Map.of("Accept-Language", "en"));
        assertThat(en.status()).isEqualTo(200);
        assertThat(en.body()).contains("DOSE-2", "0.8 mg/m²", "Dosage and administration");
        var ja = cds.get(url + "?lang=ja", Map.of());
        assertThat(ja.body()).contains("DOSE-2", "用法・用量");
        assertThat(cds.get("/rules/NOPE-1", Map.of()).status()).isEqualTo(404);
    }
}
