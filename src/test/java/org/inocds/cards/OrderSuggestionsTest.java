package org.inocds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.inocds.knowledge.CodeSets;
import org.inocds.reader.ValueSetReader;
import org.inocds.record.DrugClass;
import org.inocds.record.ProductStrength;
import org.inocds.rules.RuleSettings;
import org.junit.jupiter.api.Test;

/**
 * A premedication order is written by HAPI for each card: for that patient and day, with the item's drug, and valid R4;
 * one card's order never reaches another.
 */
class OrderSuggestionsTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @Test
    void eachCopyIsTheOrderHapiWritesForThatPatientAndDay() throws Exception {
        var suggestions = new OrderSuggestions(FHIR, new ObjectMapper(),
                ValueSetReader.codeSets(FHIR, List.of("classpath:fhir-resources/knowledge/*.json")), ProductStrength.LABEL);
        var items = List.of(
                new RuleSettings.PremedicationItem(DrugClass.CORTICOSTEROID, "http://www.nlm.nih.gov/research/umls/rxnorm", "8640",
                        "prednisone", new BigDecimal("100"), "mg", "26643006", "Oral route"),
                new RuleSettings.PremedicationItem(DrugClass.ANTIHISTAMINE, "urn:oid:1.2.392.200119.4.403.1", "107809701",
                        "d-クロルフェニラミンマレイン酸塩", new BigDecimal("5.0"), "mg", "47625008", "静脈内"));
        for (var item : items) {
            var first = suggestions.premedication(item, "p1", LocalDate.of(2026, 1, 10)).orElseThrow();
            for (String patient : List.of("s09-c2d1-on-time", "A.b-9")) {
                for (LocalDate day : List.of(LocalDate.of(2026, 1, 10), LocalDate.of(2027, 12, 31))) {
                    var copy = suggestions.premedication(item, patient, day).orElseThrow();
                    assertThat(copy.at("/subject/reference").asText()).isEqualTo("Patient/" + patient);
                    assertThat(copy.at("/dosageInstruction/0/timing/event/0").asText()).isEqualTo(day.toString());
                    var order = FHIR.newJsonParser().parseResource(MedicationRequest.class, copy.toString());
                    assertThat(order.getMedicationCodeableConcept().getCodingFirstRep().getCode()).isEqualTo(item.code());
                }
            }
            assertThat(first.at("/subject/reference").asText()).as("the first card's order, after others were made").isEqualTo("Patient/p1");
            assertThat(first.at("/dosageInstruction/0/timing/event/0").asText()).isEqualTo("2026-01-10");
        }
    }
}
