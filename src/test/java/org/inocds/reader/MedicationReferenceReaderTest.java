package org.inocds.reader;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.knowledge.Units;
import org.inocds.record.DoseEntry;
import org.inocds.record.DraftOrder;
import org.inocds.record.DrugClass;
import org.inocds.record.PatientRecord;
import org.inocds.record.RecordPart;
import org.inocds.support.FixedClockConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.inocds.rules.family.DataQualityRule;

/**
 * Issue 26, at the reader: a Medication's strength per vial or per mL is the product's and never the dose, one per
 * administration (JP Core's 1 回) is; every dose entry is read; a medication by a reference resolved nowhere is unknown —
 * in the history it makes that part unavailable (never a first dose), in a draft it is said.
 */
class MedicationReferenceReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.of(2026, 1, 10);
    private static HapiPatientRecordReader reader;

    @BeforeAll
    static void setUp() throws Exception {
        FhirContext fhir = FhirContext.forR4Cached();
        reader = new HapiPatientRecordReader(fhir, ValueSetReader.codeSets(fhir, List.of("classpath:fhir-resources/knowledge/*.json")), new Units(), FixedClockConfiguration.ZONE);
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String medication(String id, String numerator, String denominatorValue, String denominatorUnit) {
        return """
                {"resourceType":"Medication","id":"%s","code":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1942959"}]},
                 "ingredient":[{"itemCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1942950"}]},
                   "strength":{"numerator":{"value":%s,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"},
                               "denominator":{"value":%s,"unit":"%s","code":"%s"}}}]}""".formatted(id, numerator, denominatorValue,
                denominatorUnit, denominatorUnit);
    }

    private static String order(String reference, String entries) {
        return """
                {"resourceType":"MedicationRequest","id":"o1","status":"draft","intent":"order",
                 "medicationReference":{"reference":"%s"},
                 "dosageInstruction":[{"timing":{"event":["2026-01-10"]},"doseAndRate":[%s]}]}""".formatted(reference, entries);
    }

    private static String dose(String value, String unit) {
        return "{\"doseQuantity\":{\"value\":" + value + ",\"unit\":\"" + unit + "\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"" + unit + "\"}}";
    }

    private static DraftOrder draft(String order, String... medications) {
        ObjectNode bundle = json("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[]}");
        bundle.withArray("entry").addObject().set("resource", json(order));
        List<ObjectNode> more = java.util.Arrays.stream(medications).map(MedicationReferenceReaderTest::json).toList();
        return reader.readDraftOrders(bundle, more, TODAY).get(0);
    }

    @ParameterizedTest(name = "{0} mg per {1} {2}, order {3} {4} → {5} mg")
    @CsvSource({
            "0.9, 1, VIAL, 3.2, mg, 3.2",     // Epic: the strength is the product's; the dose is the order's
            "0.9, 1, VIAL, 2, VIAL, 1.8",     // 2 vials × 0.9 mg
            "0.25, 1, mL, 6.4, mL, 1.6",      // 6.4 mL × 0.25 mg/mL
            "0.9, 1, VIAL, 6.4, mL, 1.6"})    // 0.9 mg reconstituted to 3.6 mL: 0.25 mg/mL
    void aStrengthPerUnitOfTheProductIsNeverTheDose(String mg, String per, String unit, String value, String doseUnit, String expected) {
        DraftOrder d = draft(order("https://ehr.example/api/FHIR/R4/Medication/m.1", dose(value, doseUnit)), medication("m.1", mg, per, unit));
        assertThat(d.inotuzumab()).isTrue();
        assertThat(d.doseMg()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(expected));
        assertThat(d.codeProblem()).isEmpty();
    }

    @Test
    void aStrengthPerAdministrationIsTheDose() {
        // JP Core: 1.6 mg per 1 回 on the contained Medication; the doseQuantity (52 mL) is the mix
        String contained = medication("c1", "1.6", "1", "回").replace("\"code\":\"回\"", "\"code\":\"KAI\"");
        String order = order("#c1", dose("52", "mL")).replace("\"status\":\"draft\"", "\"status\":\"draft\",\"contained\":[" + contained + "]");
        assertThat(draft(order).doseMg()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1.6"));
    }

    @Test
    void everyDoseEntryIsRead() {
        DraftOrder d = draft(order("Medication/m1", dose("0.85", "mg/m2") + "," + dose("1.7", "mg") + "," + dose("6.8", "mL")),
                medication("m1", "0.9", "1", "VIAL"));
        assertThat(d.doseEntries()).extracting(DoseEntry::unit).containsExactly(DoseEntry.Unit.MG_PER_M2, DoseEntry.Unit.MG, DoseEntry.Unit.MG);
        assertThat(d.doseMg()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1.7"));
        assertThat(d.doseProblem()).isEmpty();
        // mg/m² alone: no mg yet (the BSA is the rules'), and no "not a mass unit" either
        DraftOrder perM2 = draft(order("Medication/m1", dose("0.8", "mg/m2")), medication("m1", "0.9", "1", "VIAL"));
        assertThat(perM2.doseMg()).isEmpty();
        assertThat(perM2.doseProblem()).isEmpty();
    }

    @Test
    void aDraftByAReferenceResolvedNowhereIsUnknownNotAnotherDrug() {
        DraftOrder d = draft(order("Medication/elsewhere", dose("3.2", "mg")));
        assertThat(d.inotuzumab()).isFalse();
        assertThat(d.medicationUnresolved()).isTrue();
        assertThat(d.classes()).isEmpty();
    }

    @Test
    void anAlkylatorByReferenceIsAnAlkylator() {
        String busulfan = """
                {"resourceType":"Medication","id":"bu","code":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1828","display":"busulfan"}]}}""";
        DraftOrder d = draft(order("Medication/bu", dose("100", "mg")), busulfan);
        assertThat(d.classes()).contains(DrugClass.ALKYLATING);
        assertThat(d.medicationUnresolved()).isFalse();
    }

    private static PatientRecord history(String... resources) {
        List<ObjectNode> nodes = java.util.Arrays.stream(resources).map(MedicationReferenceReaderTest::json).toList();
        return reader.read(new PatientData("p1", Map.of("medicationAdministrations",
                new PrefetchOutcome("medicationAdministrations", PrefetchOutcome.Status.PREFETCHED, nodes, Optional.empty()))));
    }

    private static String given(String id, String reference, String date) {
        return """
                {"resourceType":"MedicationAdministration","id":"%s","status":"completed","medicationReference":{"reference":"%s"},
                 "effectiveDateTime":"%s","dosage":{"dose":{"value":1.6,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}}"""
                .formatted(id, reference, date);
    }

    @Test
    void aDoseHistoryByResolvedReferenceIsTheCourse() {
        PatientRecord record = history(given("a1", "Medication/m1", "2025-12-01"), medication("m1", "0.9", "1", "VIAL"));
        assertThat(record.inotuzumabDoses()).singleElement().satisfies(d -> assertThat(d.doseMg().orElseThrow()).isEqualByComparingTo("1.6"));
        assertThat(record.doseHistoryUnavailable()).isFalse();
    }

    @Test
    void aDoseHistoryByUnresolvedReferenceIsUnavailableNeverEmpty() {
        PatientRecord record = history(given("a1", "Medication/gone", "2025-12-01"));
        assertThat(record.inotuzumabDoses()).isEmpty();
        assertThat(record.unavailable(RecordPart.MEDICATION_ADMINISTRATIONS)).isTrue();
        assertThat(record.doseHistoryUnavailable()).isTrue();
        assertThat(record.dataIssues()).singleElement().satisfies(i -> {
            assertThat(DataQualityRule.ruleOf(i.kind()).code()).isEqualTo("DQ-2");
            assertThat(i.detail()).contains("MedicationAdministration/a1", "Medication/gone");
        });
    }
}
