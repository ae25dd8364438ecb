package org.inocds.reader;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.knowledge.Units;
import org.inocds.record.Analyte;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.Derivation;
import org.inocds.record.LabResult;
import org.inocds.record.PatientRecord;
import org.inocds.support.FixedClockConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.inocds.rules.RuleId;
import org.inocds.rules.family.DataQualityRule;

/** FHIR → facts: codes (LOINC, JLAC10), units (the label digest "Units and thresholds"), statuses, derived values, data problems. */
class HapiPatientRecordReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static HapiPatientRecordReader reader;

    @BeforeAll
    static void setUp() throws Exception {
        FhirContext fhir = FhirContext.forR4Cached();
        reader = new HapiPatientRecordReader(fhir, ValueSetReader.codeSets(fhir, List.of("classpath:fhir-resources/knowledge/*.json")), new Units(), FixedClockConfiguration.ZONE);
    }

    private static PatientRecord read(String... resources) {
        List<ObjectNode> nodes = java.util.Arrays.stream(resources).map(r -> {
            try {
                return (ObjectNode) JSON.readTree(r);
            } catch (Exception e) {
                throw new IllegalArgumentException(e);
            }
        }).toList();
        return reader.read(new PatientData("p1", Map.of("all", new PrefetchOutcome("all", PrefetchOutcome.Status.PREFETCHED, nodes, Optional.empty()))));
    }

    private static String lab(String system, String code, String value, String unit, String date, String extra) {
        return """
                {"resourceType":"Observation","id":"%s","status":"final","code":{"coding":[{"system":"%s","code":"%s"}]},
                 "effectiveDateTime":"%s","valueQuantity":{"value":%s,"unit":"%s","system":"http://unitsofmeasure.org","code":"%s"}%s}"""
                .formatted(code.replace('.', '-') + date.hashCode(), system, code, date, value, unit, unit, extra);
    }

    @ParameterizedTest(name = "platelets {0} {1} → {2}/µL")
    @CsvSource({
        "50, 10*3/uL, 50000", "5.0, 10*4/uL, 50000", "50, 10*9/L, 50000", "49.9, 10*3/uL, 49900", "50000, /uL, 50000",
        "5.0, 10^4/µL, 50000", "5.0, 10^4/μL, 50000"
    })
    void plateletUnitsFromEverywhere(String value, String unit, String perMicrolitre) {
        var record = read(lab("http://loinc.org", "777-3", value, unit, "2026-01-09", ""));
        assertThat(record.labs()).singleElement().satisfies(l -> {
            assertThat(l.analyte()).isEqualTo(Analyte.PLATELETS);
            assertThat(l.value()).isEqualByComparingTo(perMicrolitre);
        });
    }

    @Test
    void japaneseJlac10CodesAreRecognisedByAnalytePrefix() {
        var record = read(
                lab("http://medis.or.jp/CodeSystem/master-JLAC10-17digits", "2A05000000019-01", "3.2", "10*4/uL", "2026-01-09", ""),
                lab("http://medis.or.jp/CodeSystem/master-JLAC10-17digits", "3B035000002327201", "88", "U/L", "2026-01-09", ""),
                lab("http://medis.or.jp/CodeSystem/master-JLAC10-17digits", "3B045000002327201", "120", "U/L", "2026-01-09", ""),
                lab("http://medis.or.jp/CodeSystem/master-JLAC10-17digits", "3J010000002327101", "30.78", "umol/L", "2026-01-09", ""));
        assertThat(record.labs()).extracting(LabResult::analyte)
                .containsExactlyInAnyOrder(Analyte.PLATELETS, Analyte.AST, Analyte.ALT, Analyte.BILIRUBIN_TOTAL);
        assertThat(record.latest(Analyte.PLATELETS, LocalDate.of(2026, 1, 10), 7).orElseThrow().value()).isEqualByComparingTo("32000");
        // bilirubin 30.78 µmol/L ÷ 17.1 = 1.8 mg/dL exactly (explicit factor)
        assertThat(record.latest(Analyte.BILIRUBIN_TOTAL, LocalDate.of(2026, 1, 10), 7).orElseThrow().value()).isEqualByComparingTo("1.8");
    }

    @Test
    void upperLimitComesFromTheResultsOwnReferenceRangeInTheSameUnit() {
        var record = read(lab("http://loinc.org", "14631-6", "34.2", "umol/L", "2026-01-09",
                ",\"referenceRange\":[{\"high\":{\"value\":20.52,\"unit\":\"umol/L\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"umol/L\"}}]"));
        var bili = record.labs().get(0);
        assertThat(bili.value()).isEqualByComparingTo("2.0");
        assertThat(bili.ranges()).singleElement().satisfies(r -> {
            assertThat(r.high()).isEqualByComparingTo("1.2");
            assertThat(r.conditional()).isFalse();
        });
    }

    /**
     * Issue 23 (review): a bilirubin and its ULN converted from µmol/L are shown in mg/dL to 0.01, as a clinician reads
     * them (20.5 µmol/L is 1.20 mg/dL, not 1.1988); the rules compare the exact values (30.75 against 1.5 × 20.5 µmol/L).
     */
    @Test
    void aConvertedBilirubinAndItsUlnAreShownToTwoDecimalsAndComparedExactly() {
        var record = read(lab("http://loinc.org", "14631-6", "30.75", "umol/L", "2026-01-09",
                ",\"referenceRange\":[{\"high\":{\"value\":20.5,\"unit\":\"umol/L\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"umol/L\"}}]"));
        var bili = record.labs().get(0);
        assertThat(bili.value().toPlainString()).isEqualTo("1.80");
        assertThat(bili.exactValue()).isEqualByComparingTo("30.75");
        assertThat(bili.ranges()).singleElement().satisfies(r -> {
            assertThat(r.high().toPlainString()).isEqualTo("1.20");
            assertThat(r.exactHigh()).isEqualByComparingTo("20.5");
        });
    }

    @Test
    void ancIsDerivedFromWbcTimesNeutrophilPercentOfTheSameDraw() {
        var record = read(
                lab("http://loinc.org", "6690-2", "2.5", "10*3/uL", "2026-01-09T08:00:00+09:00", ""),
                lab("http://loinc.org", "770-8", "36", "%", "2026-01-09T08:00:00+09:00", ""),
                lab("http://loinc.org", "770-8", "80", "%", "2026-01-08T08:00:00+09:00", ""));
        var anc = record.latest(Analyte.ANC, LocalDate.of(2026, 1, 10), 7).orElseThrow();
        assertThat(anc.value()).isEqualByComparingTo("900"); // 2,500 × 36 % = 900/µL
        var derivation = anc.derived().orElseThrow();
        assertThat(derivation.from()).isEqualTo(Analyte.WBC);
        assertThat(derivation.fromValue()).isEqualByComparingTo("2500"); // the WBC in /µL, shown so the sum can be redone
        assertThat(derivation.percent()).isEqualByComparingTo("36");
    }

    @Test
    void aReportedAncIsNotReplacedByADerivedOne() {
        var record = read(
                lab("http://loinc.org", "6690-2", "2.5", "10*3/uL", "2026-01-09T08:00:00+09:00", ""),
                lab("http://loinc.org", "770-8", "36", "%", "2026-01-09T08:00:00+09:00", ""),
                lab("http://loinc.org", "751-8", "1.1", "10*3/uL", "2026-01-09T08:00:00+09:00", ""));
        assertThat(record.results(Analyte.ANC, LocalDate.of(2026, 1, 10))).singleElement()
                .satisfies(l -> assertThat(l.value()).isEqualByComparingTo("1100"));
    }

    @Test
    void anUnknownUnitIsReportedNeverGuessed() {
        var record = read(lab("http://loinc.org", "777-3", "50", "K/uL", "2026-01-09", ""));
        assertThat(record.labs()).isEmpty();
        assertThat(record.dataIssues()).singleElement().satisfies(i -> {
            assertThat(DataQualityRule.ruleOf(i.kind()).code()).isEqualTo("DQ-1");
            assertThat(i.detail()).isEqualTo("50 K/uL");
            assertThat(DataQualityRule.affectedBy(i)).extracting(RuleId::code).contains("HEM-1");
        });
    }

    @Test
    void cd22ByTextAndPregnancyByLoincAnswer() {
        var record = read("""
                {"resourceType":"Observation","id":"cd22","status":"final","code":{"text":"Flow: CD22 on blasts"},
                 "effectiveDateTime":"2026-01-02","valueString":"陽性"}""", """
                {"resourceType":"Observation","id":"preg","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"82810-3"}]},
                 "effectiveDateTime":"2026-01-08","valueCodeableConcept":{"coding":[{"system":"http://loinc.org","code":"LA15173-0"}]}}""");
        assertThat(record.has(ClinicalConcept.CD22, ClinicalFact.Status.POSITIVE)).isTrue();
        assertThat(record.has(ClinicalConcept.PREGNANCY, ClinicalFact.Status.POSITIVE)).isTrue();
    }

    @Test
    void conditionsByStatusAndRefutedOnesIgnored() {
        var record = read("""
                {"resourceType":"Condition","id":"all","clinicalStatus":{"coding":[{"code":"relapse"}]},
                 "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"C91.00"}]},"onsetDateTime":"2024-03-01"}""", """
                {"resourceType":"Condition","id":"allr","code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"C91.01"}]},
                 "recordedDate":"2026-01-05"}""", """
                {"resourceType":"Condition","id":"vod","verificationStatus":{"coding":[{"code":"refuted"}]},
                 "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"K76.5"}]}}""");
        assertThat(record.has(ClinicalConcept.ALL, ClinicalFact.Status.ACTIVE)).isTrue();
        assertThat(record.facts(ClinicalConcept.ALL)).anySatisfy(f -> {
            assertThat(f.status()).isEqualTo(ClinicalFact.Status.REMISSION);
            assertThat(f.date()).contains(LocalDate.of(2026, 1, 5));
        });
        assertThat(record.facts(ClinicalConcept.VOD_SOS)).isEmpty();
    }

    @Test
    void hsctPlannedThroughAServiceRequestAndAllergyToBesponsa() {
        var record = read("""
                {"resourceType":"ServiceRequest","id":"sct","status":"active","intent":"order",
                 "code":{"coding":[{"system":"http://snomed.info/sct","code":"234336002"}],"text":"Allogeneic HSCT"},
                 "subject":{"reference":"Patient/p1"},"authoredOn":"2026-01-02"}""", """
                {"resourceType":"AllergyIntolerance","id":"al","criticality":"high","code":{"text":"Besponsa"},
                 "patient":{"reference":"Patient/p1"}}""");
        assertThat(record.has(ClinicalConcept.HSCT, ClinicalFact.Status.PLANNED)).isTrue();
        assertThat(record.inotuzumabAllergies()).singleElement().satisfies(a -> assertThat(a.severe()).isTrue());
    }

    @Test
    void dosesGivenCountButNotThoseNotDoneOrInError() {
        String admin = """
                {"resourceType":"MedicationAdministration","id":"%s","status":"%s",
                 "medicationCodeableConcept":{"coding":[{"system":"http://www.whocc.no/atc","code":"L01FB01"}]},
                 "subject":{"reference":"Patient/p1"},"effectiveDateTime":"%s","dosage":{"dose":{"value":1200,"unit":"ug","system":"http://unitsofmeasure.org","code":"ug"}}}""";
        var record = read(admin.formatted("a1", "completed", "2025-12-01T23:30:00+09:00"), admin.formatted("a2", "not-done", "2025-12-08"),
                admin.formatted("a3", "entered-in-error", "2025-12-09"));
        assertThat(record.inotuzumabDoses()).singleElement().satisfies(d -> {
            assertThat(d.date()).isEqualTo(LocalDate.of(2025, 12, 1)); // the site's (Tokyo) day
            assertThat(d.doseMg()).hasValueSatisfying(mg -> assertThat(mg).isEqualByComparingTo("1.2"));
        });
    }

    /** JP Core injection administrations state the drug's amount on the contained Medication; dosage.dose is the mix's volume. */
    @ParameterizedTest(name = "given {0} {1} of ベスポンサ with 54 mL of mix → {2} mg")
    @CsvSource({"1.33, mg, 1.33", "2, HON, 2", "5.32, mL, 1.33"})
    void aJpCoreAdministrationIsReadFromItsIngredientAmount(String amount, String unit, String mg) {
        var record = read("""
                {"resourceType":"MedicationAdministration","id":"jp1","status":"completed",
                 "contained":[{"resourceType":"Medication","id":"med","ingredient":[
                   {"itemCodeableConcept":{"coding":[{"system":"urn:oid:1.2.392.200119.4.403.1","code":"126224701"}]},
                    "strength":{"numerator":{"value":%s,"unit":"%s","code":"%s"},"denominator":{"value":1,"code":"KAI"}}},
                   {"itemCodeableConcept":{"text":"生理食塩液"},"strength":{"numerator":{"value":50,"unit":"mL","code":"mL"}}}]}],
                 "medicationReference":{"reference":"#med"},"subject":{"reference":"Patient/p1"},
                 "effectiveDateTime":"2025-12-01T10:00:00+09:00","dosage":{"dose":{"value":54,"unit":"mL","code":"mL"}}}"""
                .formatted(amount, unit, unit));
        assertThat(record.inotuzumabDoses()).singleElement()
                .satisfies(d -> assertThat(d.doseMg()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(mg)));
    }

    /** JP Core body measurements: MEDIS codes 31000298 身長 and 31000297 体重 in g. */
    @Test
    void jpCoreBodyMeasurementsAreRead() {
        String obs = """
                {"resourceType":"Observation","id":"%s","status":"final","code":{"coding":[{"system":
                 "http://jpfhir.jp/fhir/core/CodeSystem/JP_ObservationBodyMeasurementCode_CS","code":"%s"}],"text":"%s"},
                 "effectiveDateTime":"2025-12-01","valueQuantity":{"value":%s,"unit":"%s","system":"http://unitsofmeasure.org","code":"%s"}}""";
        var record = read(obs.formatted("h", "31000298", "身長", "165", "cm", "cm"), obs.formatted("w", "31000297", "体重", "60000", "g", "g"));
        assertThat(record.heightsCm()).singleElement().satisfies(h -> assertThat(h.value()).isEqualByComparingTo("165"));
        assertThat(record.weightsKg()).singleElement().satisfies(w -> assertThat(w.value()).isEqualByComparingTo("60"));
    }

    @ParameterizedTest(name = "weight {0} kg → used: {1}")
    @CsvSource({"-70, false", "0.4, false", "0.5, true", "500, true", "500.1, false", "1e300, false"})
    void implausibleBodyMeasuresAreReportedNotUsed(String kg, boolean used) {
        var record = read(lab("http://loinc.org", "29463-7", kg, "kg", "2026-01-09", ""));
        assertThat(record.weightsKg()).hasSize(used ? 1 : 0);
        assertThat(record.dataIssues()).hasSize(used ? 0 : 1);
        if (!used) {
            assertThat(record.dataIssues().get(0).kind().code()).isEqualTo("value-implausible");
        }
    }

    private static String bilirubin(String code, String value, String unit, String ulnValue, String ulnUnit) {
        String range = ulnValue == null ? "" : ",\"referenceRange\":[{\"high\":{\"value\":%s,\"unit\":\"%s\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"%s\"}}]"
                .formatted(ulnValue, ulnUnit, ulnUnit);
        return lab("http://loinc.org", code, value, unit, "2026-01-09", range);
    }

    private static boolean hepaticHold(String observation) {
        var record = read(observation);
        var findings = org.inocds.support.RuleRuns.run(new org.inocds.rules.family.HepaticRule(), record,
                org.inocds.support.Orders.inotuzumab("1.00", LocalDate.of(2026, 1, 10)).build());
        return findings.stream().anyMatch(f -> f.primaryRule().equals("HEP-2"));
    }

    private static final String PATIENT = """
            {"resourceType":"Patient","id":"p1","gender":"%s","birthDate":"%s"}""";

    /** ALT with a range per sex, as a laboratory sends it: the men's range first (JCCLS: 42 U/L men, 23 U/L women). */
    private static String altPerSex(String value, String system, String maleCode, String femaleCode) {
        return lab("http://loinc.org", "1742-6", value, "U/L", "2026-01-09", """
                ,"referenceRange":[
                  {"low":{"value":10,"unit":"U/L"},"high":{"value":42,"unit":"U/L","system":"http://unitsofmeasure.org","code":"U/L"},
                   "appliesTo":[{"coding":[{"system":"%s","code":"%s"}]}]},
                  {"low":{"value":7,"unit":"U/L"},"high":{"value":23,"unit":"U/L","system":"http://unitsofmeasure.org","code":"U/L"},
                   "appliesTo":[{"coding":[{"system":"%s","code":"%s"}]}]}]""".formatted(system, maleCode, system, femaleCode));
    }

    private static List<org.inocds.rules.Finding> hepatic(String... resources) {
        return org.inocds.support.RuleRuns.run(new org.inocds.rules.family.HepaticRule(), read(resources),
                org.inocds.support.Orders.inotuzumab("1.00", LocalDate.of(2026, 1, 10)).build());
    }

    private static Object ulnOrigin(List<org.inocds.rules.Finding> findings) {
        var line = (org.inocds.rules.Phrase) ((List<?>) findings.get(0).params().get("results")).get(0);
        return line.values().get("origin");
    }

    /**
     * Issue 21 defect 9: a woman's ALT is judged against the women's range, not the first one sent (the men's): 57.5 is
     * exactly 2.5 × 23 and does not hold, 57.51 does; a man's 57.51 is far under 2.5 × 42. Every sex code system a
     * laboratory uses reads the same.
     */
    @ParameterizedTest(name = "{0} ALT {1} with ranges coded in {2} → hold: {5}")
    @CsvSource({
            "female, 57.5, http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender, M, F, false",
            "female, 57.51, http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender, M, F, true",
            "female, 57.51, http://snomed.info/sct, 248153007, 248152002, true",
            "female, 57.51, http://hl7.org/fhir/administrative-gender, male, female, true",
            "male, 57.51, http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender, M, F, false",
            "male, 105, http://snomed.info/sct, 248153007, 248152002, false",
            "male, 105.01, http://snomed.info/sct, 248153007, 248152002, true"})
    void theRangeForThePatientsSexIsTheOneThatApplies(String sex, String alt, String system, String male, String female, boolean hold) {
        var findings = hepatic(PATIENT.formatted(sex, "1975-05-05"), altPerSex(alt, system, male, female));
        assertThat(findings).hasSize(hold ? 1 : 0);
        if (hold) {
            assertThat(ulnOrigin(findings)).isEqualTo(new org.inocds.rules.Phrase("phrase.uln-origin.result-for",
                    Map.of("who", List.of(new org.inocds.rules.Phrase("phrase.uln-for.sex",
                            Map.of("sex", org.inocds.record.PatientRecord.Sex.valueOf(sex.toUpperCase(java.util.Locale.ROOT))))))));
        }
    }

    /** A range per sex does not apply to a patient whose sex is not recorded: the range without appliesTo, else the site's. */
    @Test
    void withoutTheSexTheRangeWithoutAppliesToElseTheSiteSetting() {
        String unknown = "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"birthDate\":\"1975-05-05\"}";
        String v3 = "http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender";
        // no range applies: the site's ALT for a patient of unknown sex is the lower one, 23 U/L (JCCLS women)
        var bySite = hepatic(unknown, altPerSex("57.51", v3, "M", "F"));
        assertThat(bySite).hasSize(1);
        assertThat(ulnOrigin(bySite)).isEqualTo(new org.inocds.rules.Phrase("phrase.uln-origin.site-default-for",
                Map.of("who", new org.inocds.rules.Phrase("phrase.uln-for.sex", Map.of("sex", org.inocds.record.PatientRecord.Sex.UNKNOWN)))));
        assertThat(hepatic(unknown, altPerSex("57.5", v3, "M", "F"))).isEmpty();
        // a range that names no population is taken before the site's
        String withGeneral = altPerSex("80", v3, "M", "F").replace("\"referenceRange\":[",
                "\"referenceRange\":[{\"high\":{\"value\":35,\"unit\":\"U/L\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"U/L\"}},");
        assertThat(hepatic(unknown, withGeneral)).as("80 < 2.5 × 35").isEmpty();
        assertThat(ulnOrigin(hepatic(unknown, withGeneral.replace("\"value\":80", "\"value\":87.51"))))
                .isEqualTo(org.inocds.rules.Phrase.of("phrase.uln-origin.result"));
        // and for a woman the women's range still comes before the general one
        assertThat(hepatic(PATIENT.formatted("female", "1975-05-05"), withGeneral)).hasSize(1);
    }

    /** A range for an age band applies by the patient's age on the result's date; a range for another population never does. */
    @ParameterizedTest(name = "born {0}: ALT 60 against the age bands → hold: {1}")
    @CsvSource({"2010-01-10, false", "2008-01-10, false", "2008-01-09, true", "1950-01-01, true"})
    void theRangeForThePatientsAgeOnTheResultsDate(String born, boolean hold) {
        // result of 2026-01-09: 18 years on 2008-01-09 or earlier; a child's band 0-17 a (ULN 30 → 75), an adult's 18- a (ULN 23 → 57.5)
        String bands = lab("http://loinc.org", "1742-6", "60", "U/L", "2026-01-09", """
                ,"referenceRange":[
                  {"high":{"value":30,"unit":"U/L","system":"http://unitsofmeasure.org","code":"U/L"},
                   "age":{"low":{"value":0,"unit":"years","system":"http://unitsofmeasure.org","code":"a"},
                          "high":{"value":17,"unit":"years","system":"http://unitsofmeasure.org","code":"a"}}},
                  {"high":{"value":23,"unit":"U/L","system":"http://unitsofmeasure.org","code":"U/L"},
                   "age":{"low":{"value":18,"unit":"years","system":"http://unitsofmeasure.org","code":"a"}}},
                  {"high":{"value":99,"unit":"U/L","system":"http://unitsofmeasure.org","code":"U/L"},
                   "appliesTo":[{"coding":[{"system":"http://snomed.info/sct","code":"77386006","display":"Pregnant"}]}]}]""");
        assertThat(hepatic(PATIENT.formatted("female", born), bands)).hasSize(hold ? 1 : 0);
    }

    /**
     * Clinical review finding 7: exactly 1.5 × ULN does not hold, in every unit — the µmol/L values and ULNs used to be
     * divided by 17.1 and rounded each on its own, so 33 against 22 held. One step above does hold.
     */
    @ParameterizedTest(name = "bilirubin {0} µmol/L against its own ULN {1} µmol/L → hold: {2}")
    @CsvSource({"33, 22, false", "33.01, 22, true", "28.5, 19, false", "28.51, 19, true", "36, 24, false", "36.01, 24, true",
        "39.75, 26.5, false", "39.76, 26.5, true", "51, 34, false", "51.01, 34, true", "30.78, 20.52, false"})
    void bilirubinAtExactlyOnePointFiveTimesItsOwnUlnInMicromolesDoesNotHold(String value, String uln, boolean hold) {
        assertThat(hepaticHold(bilirubin("14631-6", value, "umol/L", uln, "umol/L"))).isEqualTo(hold);
    }

    /** The site default is the JCCLS common reference interval, 1.5 mg/dL (RULES §3 "ULN"): 2.25 mg/dL is exactly 1.5 ×. */
    @ParameterizedTest(name = "bilirubin {0} {1} against the site ULN 1.5 mg/dL → hold: {2}")
    @CsvSource({"2.25, mg/dL, false", "2.26, mg/dL, true", "38.475, umol/L, false", "38.48, umol/L, true", "22.5, mg/L, false",
        "22.51, mg/L, true"})
    void bilirubinAgainstTheSiteDefaultInEveryUnit(String value, String unit, boolean hold) {
        assertThat(hepaticHold(bilirubin(unit.equals("umol/L") ? "14631-6" : "1975-2", value, unit, null, null))).isEqualTo(hold);
    }

    @ParameterizedTest(name = "bilirubin {0} mg/dL against its own ULN {1} µmol/L → hold: {2}")
    @CsvSource({"1.8, 20.52, false", "1.81, 20.52, true"})
    void bilirubinInMassAgainstAMicromolarUln(String value, String uln, boolean hold) {
        assertThat(hepaticHold(bilirubin("1975-2", value, "mg/dL", uln, "umol/L"))).isEqualTo(hold);
    }

    @Test
    void aDerivedAncIsNotRoundedBeforeItIsCompared() {
        var record = read(
                lab("http://loinc.org", "6690-2", "1.999", "10*3/uL", "2026-01-09T08:00:00+09:00", ""),
                lab("http://loinc.org", "770-8", "50", "%", "2026-01-09T08:00:00+09:00", ""));
        var anc = record.latest(Analyte.ANC, LocalDate.of(2026, 1, 10), 7).orElseThrow();
        assertThat(anc.value()).as("999.5/µL stays below 1,000").isEqualByComparingTo("999.5");
    }

    /** Clinical review finding 10: R4's seriousness code is "Serious"; a grade-1 infusion reaction coded so is severe (INF-1). */
    @ParameterizedTest(name = "seriousness {0} → serious: {1}")
    @CsvSource({"Serious, true", "Non-serious, false", "serious, false"})
    void seriousnessIsComparedAsR4WritesIt(String code, boolean serious) {
        var record = read("""
                {"resourceType":"AdverseEvent","id":"ae1","actuality":"actual","subject":{"reference":"Patient/p1"},"date":"2026-01-03",
                 "event":{"text":"infusion related reaction"},
                 "seriousness":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/adverse-event-seriousness","code":"%s"}]},
                 "severity":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/adverse-event-severity","code":"mild"}]}}"""
                .formatted(code));
        assertThat(record.adverseEvents()).singleElement().satisfies(e -> {
            assertThat(e.serious()).isEqualTo(serious);
            assertThat(e.infusionReaction()).isTrue();
        });
        var findings = org.inocds.support.RuleRuns.run(new org.inocds.rules.family.InfusionReactionRule(), record,
                org.inocds.support.Orders.inotuzumab("1.00", LocalDate.of(2026, 1, 10)).build());
        assertThat(findings).extracting(org.inocds.rules.Finding::primaryRule).containsExactly(serious ? "INF-1" : "INF-2");
    }

    /**
     * Issue 21 defect 8: the label grades by CTCAE v3.0 (非血液毒性 注2), which files febrile neutropenia and infection (with
     * normal or low neutrophils) under INFECTION and lymphopenia under BLOOD/BONE MARROW. An ongoing grade-3 event of the
     * first kind before day 8 holds the dose (TOX-1); one of BLOOD is left to the counts (HEM rules).
     */
    @ParameterizedTest(name = "{0} {1} \"{2}\" → haematological: {3}")
    @CsvSource(delimiter = ';', value = {
            "http://snomed.info/sct; 409089005; Febrile neutropenia; false",
            "http://snomed.info/sct; 409089005; Neutropenic fever; false",
            "http://terminology.hl7.org/CodeSystem/mdr; 10016288; Febrile neutropenia; false",
            "; ; 発熱性好中球減少症; false",
            "http://snomed.info/sct; 40733004; Infection with normal ANC; false",
            "; ; Infection with Grade 3 or 4 neutrophils; false",
            "http://snomed.info/sct; 165517008; Neutropenia; true",
            "http://snomed.info/sct; 83320008; Lymphopenia; true",
            "http://snomed.info/sct; 302215000; Thrombocytopenia; true"})
    void toxicityIsGroupedAsCtcaeVersion3(String system, String code, String text, boolean hematologic) {
        String coding = system == null ? "" : "\"coding\":[{\"system\":\"%s\",\"code\":\"%s\"}],".formatted(system, code);
        var record = read("""
                {"resourceType":"AdverseEvent","id":"ae1","actuality":"actual","subject":{"reference":"Patient/p1"},"date":"2026-01-06",
                 "event":{%s"text":"%s"},
                 "outcome":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/adverse-event-outcome","code":"ongoing"}]},
                 "extension":[{"url":"http://hl7.org/fhir/uv/ae-research-backport-ig/StructureDefinition/ae-grade",
                   "valueCodeableConcept":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/adverse-event-clinical-research-grades","code":"3"}]}}]}""".formatted(coding, text),
                administration("completed", "1.6", ""));
        assertThat(record.adverseEvents()).singleElement().satisfies(e -> assertThat(e.hematologic()).isEqualTo(hematologic));
        // C1D8 (2026-01-10, C1D1 on 2026-01-03): the grade-3 event holds it unless it is haematological
        var findings = org.inocds.support.RuleRuns.run(new org.inocds.rules.family.ToxicityRule(), record,
                org.inocds.support.Orders.inotuzumab("1.00", LocalDate.of(2026, 1, 10)).build());
        assertThat(findings).extracting(org.inocds.rules.Finding::primaryRule).isEqualTo(hematologic ? List.of() : List.of("TOX-1"));
    }

    /** The code set that decides "haematological" says which CTCAE version its grouping follows (TOX-1: the label's v3.0). */
    @Test
    void theHaematologicalCodeSetNamesItsCtcaeVersion() throws Exception {
        var set = JSON.readTree(new java.io.File("fhir-resources/knowledge/ValueSet-hematologic-adverse-event.json"));
        assertThat(set.get("description").asText()).contains("CTCAE v3.0");
    }

    private static String bloodBlasts(String valueAndInterpretation) {
        return """
                {"resourceType":"Observation","id":"pb1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"26446-5"}]},
                 "effectiveDateTime":"2026-01-03"%s}""".formatted(valueAndInterpretation);
    }

    private static PatientRecord afterMarrowOfThreePercent(String peripheral) {
        return read(lab("http://loinc.org", "11150-2", "3", "%", "2026-01-02", ""), peripheral,
                lab("http://loinc.org", "8302-2", "178", "cm", "2025-12-01", ""), lab("http://loinc.org", "29463-7", "81", "kg", "2026-01-09", ""),
                administration("completed", "1.6", "").replace("2026-01-03T10", "2025-12-13T10").replace("ma-completed1-6", "ma1"),
                administration("completed", "1.0", "").replace("2026-01-03T10", "2025-12-20T10").replace("ma-completed1-0", "ma2"),
                administration("completed", "1.0", "").replace("2026-01-03T10", "2025-12-27T10").replace("ma-completed1-0", "ma3"));
    }

    /**
     * Issue 21 defect 6: "no leukaemic blasts in the blood" comes as a coded value, a value string or an interpretation, not
     * only as the number 0; each is CR/CRi with the marrow under 5 %, so C2D1 is 0.5 mg/m² (1.00 mg) and 1.00 mg is quiet.
     */
    @ParameterizedTest(name = "peripheral blasts {0} → CR/CRi")
    @CsvSource(delimiter = '|', value = {
            ",\"valueCodeableConcept\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"260415000\",\"display\":\"Not detected\"}]}",
            ",\"valueCodeableConcept\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"260385009\"}]}",
            ",\"valueCodeableConcept\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"LA11883-8\"}]}",
            ",\"valueCodeableConcept\":{\"text\":\"検出せず\"}",
            ",\"valueCodeableConcept\":{\"text\":\"陰性\"}",
            ",\"valueString\":\"Not detected\"",
            ",\"valueString\":\"none seen\"",
            ",\"valueString\":\"検出せず\"",
            ",\"interpretation\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation\",\"code\":\"NEG\"}]}]",
            ",\"interpretation\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation\",\"code\":\"ND\"}]}]",
            ",\"interpretation\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v2-0078\",\"code\":\"ND\"}]}]",
            ",\"valueString\":\"芽球なし\"",
            ",\"valueQuantity\":{\"value\":0,\"unit\":\"%\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"%\"}"})
    void peripheralBlastsNotDetectedInEveryFormIsRemission(String form) {
        var record = afterMarrowOfThreePercent(bloodBlasts(form));
        assertThat(org.inocds.regimen.Remission.since(record, Optional.of(LocalDate.of(2025, 12, 13)), new BigDecimal("5")))
                .contains(LocalDate.of(2026, 1, 3));
        var dose5 = org.inocds.support.RuleRuns.run(new org.inocds.rules.family.DoseRule(), record,
                org.inocds.support.Orders.inotuzumab("1.60", LocalDate.of(2026, 1, 10)).build());
        assertThat(dose5).extracting(org.inocds.rules.Finding::messageKey).containsExactly("dose-5.day1-after-remission");
        assertThat(org.inocds.support.RuleRuns.run(new org.inocds.rules.family.DoseRule(), record,
                org.inocds.support.Orders.inotuzumab("1.00", LocalDate.of(2026, 1, 10)).build())).isEmpty();
    }

    /** A marrow blast result "not detected" is a marrow under 5 % too (the sibling of the peripheral one). */
    @Test
    void marrowBlastsNotDetectedCountTowardsRemission() {
        var marrowNotDetected = read("""
                {"resourceType":"Observation","id":"bm1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"11150-2"}]},
                 "effectiveDateTime":"2026-01-02","valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"260415000"}],"text":"Not detected"}}""");
        assertThat(marrowNotDetected.labs()).singleElement().satisfies(l -> {
            assertThat(l.analyte()).isEqualTo(Analyte.MARROW_BLASTS_PERCENT);
            assertThat(l.value()).isZero();
            assertThat(l.received()).isEqualTo("Not detected");
        });
    }

    /** Blasts seen in the blood, as a number or as "detected", refute CR/CRi: 0.8 mg/m² and no card asking to confirm. */
    @ParameterizedTest(name = "peripheral blasts {0} → not CR/CRi, nothing to confirm")
    @CsvSource(delimiter = '|', value = {
            ",\"valueCodeableConcept\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"260373001\",\"display\":\"Detected\"}]}",
            ",\"valueString\":\"陽性\"",
            ",\"interpretation\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation\",\"code\":\"POS\"}]}]",
            ",\"valueQuantity\":{\"value\":20,\"unit\":\"%\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"%\"}"})
    void peripheralBlastsSeenRefuteRemission(String form) {
        var record = afterMarrowOfThreePercent(bloodBlasts(form));
        var assessment = org.inocds.regimen.Remission.assess(record, Optional.of(LocalDate.of(2025, 12, 13)), new BigDecimal("5"));
        assertThat(assessment.since()).isEmpty();
        assertThat(assessment.unconfirmed()).isEmpty();
        assertThat(org.inocds.support.RuleRuns.run(new org.inocds.rules.family.DoseRule(), record,
                org.inocds.support.Orders.inotuzumab("1.60", LocalDate.of(2026, 1, 10)).build())).isEmpty();
    }

    /** A result that says neither (an unreadable text) is no peripheral result: the card asks to confirm, as with none. */
    @Test
    void aPeripheralResultThatSaysNeitherIsNoResult() {
        var record = afterMarrowOfThreePercent(bloodBlasts(",\"valueString\":\"see smear comment\""));
        var dose5 = org.inocds.support.RuleRuns.run(new org.inocds.rules.family.DoseRule(), record,
                org.inocds.support.Orders.inotuzumab("1.60", LocalDate.of(2026, 1, 10)).build());
        assertThat(dose5).extracting(org.inocds.rules.Finding::messageKey).containsExactly("dose-5.response-unconfirmed");
    }

    private static String administration(String status, String dose, String extra) {
        return """
                {"resourceType":"MedicationAdministration","id":"ma-%s","status":"%s","subject":{"reference":"Patient/p1"},
                 "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1942950"}]},
                 "effectiveDateTime":"2026-01-03T10:00:00+09:00"%s%s}"""
                .formatted(status + (dose == null ? "" : dose.replace('.', '-')), status,
                        dose == null ? "" : ",\"dosage\":{\"dose\":{\"value\":%s,\"unit\":\"mg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mg\"}}".formatted(dose),
                        extra);
    }

    /** Clinical review finding 4: administrations that never ran do not count; a partial one counts, as partial. */
    @ParameterizedTest(name = "{0} {1} mg {2} → counts: {3}, partial: {4}")
    @CsvSource(delimiter = ';', value = {
            "stopped; 0; ; false; false",
            "stopped; ; ,\"statusReason\":[{\"text\":\"Infusion not started: fever\"}]; false; false",
            "stopped; ; ,\"note\":[{\"text\":\"発熱のため未投与\"}]; false; false",
            "stopped; 0.4; ; true; true",
            "stopped; ; ; true; true",
            "completed; 1.0; ; true; false",
            "not-done; 1.0; ; false; false",
            "entered-in-error; 1.0; ; false; false"})
    void administrationsThatNeverRanDoNotCount(String status, String dose, String extra, boolean counts, boolean partial) {
        var record = read(administration(status, dose, extra == null ? "" : extra));
        if (!counts) {
            assertThat(record.inotuzumabDoses()).isEmpty();
            return;
        }
        assertThat(record.inotuzumabDoses()).singleElement().satisfies(d -> assertThat(d.partial()).isEqualTo(partial));
    }
}
