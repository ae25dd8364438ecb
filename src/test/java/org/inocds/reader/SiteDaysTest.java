package org.inocds.reader;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.inocds.knowledge.CodeSets;
import org.inocds.knowledge.Units;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.DraftOrder;
import org.inocds.record.InotuzumabAllergy;
import org.inocds.record.LabResult;
import org.inocds.record.PatientRecord;
import org.inocds.record.ProductStrength;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RULES §1 "Calendar days are the site's days": every date the reader takes — doses, completed and draft orders (their
 * planned date and authoredOn), results (effective and issued), conditions, procedures, requests, allergies, adverse
 * events — is the site's calendar day of the moment written, whatever offset the writing system used; a date alone is
 * that date. Each case is read by both paths (the tree readers and HAPI's model) and in two site zones, with the day
 * expected written out by hand (not computed the way the reader computes it).
 */
class SiteDaysTest {

    /** Decimals kept as written, as the service's own JSON reading does (BoundedJson): the tree readers refuse a double. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static CodeSets codeSets;
    private static Units units;

    @BeforeAll
    static void setUp() throws Exception {
        codeSets = ValueSetReader.codeSets(FhirContext.forR4Cached(), List.of("classpath:fhir-resources/knowledge/*.json"));
        units = new Units();
    }

    private static HapiPatientRecordReader reader(ZoneId zone, boolean direct) {
        return new HapiPatientRecordReader(FhirContext.forR4Cached(), codeSets, units, ProductStrength.LABEL, zone, direct);
    }

    /** A dateTime as written, and its day in Tokyo and in New York (January: UTC+9 and UTC−5), written out by hand. */
    static Stream<Arguments> moments() {
        return Stream.of(
                // the example: 23:30Z is 08:30 the next morning in Tokyo, still the evening before in New York
                Arguments.of("2026-01-08T23:30:00Z", "2026-01-09", "2026-01-08"),
                // Tokyo's midnight is 15:00Z: the last second before it and the first at it
                Arguments.of("2026-01-08T14:59:59Z", "2026-01-08", "2026-01-08"),
                Arguments.of("2026-01-08T15:00:00Z", "2026-01-09", "2026-01-08"),
                Arguments.of("2026-01-08T23:59:59.999+09:00", "2026-01-08", "2026-01-08"),
                Arguments.of("2026-01-09T00:00:00+09:00", "2026-01-09", "2026-01-08"),
                // New York's midnight is 05:00Z
                Arguments.of("2026-01-09T04:59:59Z", "2026-01-09", "2026-01-08"),
                Arguments.of("2026-01-09T05:00:00Z", "2026-01-09", "2026-01-09"),
                Arguments.of("2026-01-09T00:00:00-05:00", "2026-01-09", "2026-01-09"),
                // the far offsets: −10:00 late in the evening is the next day in Tokyo; +14:00 just after midnight is the day before
                Arguments.of("2026-01-08T23:30:00-10:00", "2026-01-09", "2026-01-09"),
                Arguments.of("2026-01-08T04:59:00-10:00", "2026-01-08", "2026-01-08"),
                Arguments.of("2026-01-08T05:00:00-10:00", "2026-01-09", "2026-01-08"),
                Arguments.of("2026-01-09T00:30:00+14:00", "2026-01-08", "2026-01-08"),
                Arguments.of("2026-01-09T23:30:00+14:00", "2026-01-09", "2026-01-09"),
                Arguments.of("2026-01-09T00:15:00+13:45", "2026-01-08", "2026-01-08"),
                Arguments.of("2026-01-09T08:00:00+09:00", "2026-01-09", "2026-01-08"),
                Arguments.of("2026-01-09T08:00:00.123456+05:30", "2026-01-09", "2026-01-08"),
                // a date alone is that date, in every zone
                Arguments.of("2026-01-09", "2026-01-09", "2026-01-09"));
    }

    static Stream<Arguments> momentsBothWays() {
        return moments().flatMap(a -> Stream.of(true, false).map(direct -> Arguments.of(a.get()[0], a.get()[1], a.get()[2], direct)));
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static PatientRecord read(HapiPatientRecordReader reader, String... resources) {
        List<ObjectNode> nodes = Arrays.stream(resources).map(SiteDaysTest::json).toList();
        return reader.read(new PatientData("p1", Map.of("all", new PrefetchOutcome("all", PrefetchOutcome.Status.PREFETCHED, nodes,
                Optional.empty()))));
    }

    private static final String INOTUZUMAB = """
            "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1942950"}]}""";

    private static String administration(String when) {
        return """
                {"resourceType":"MedicationAdministration","id":"ma1","status":"completed",%s,"subject":{"reference":"Patient/p1"},
                 "effectiveDateTime":"%s","dosage":{"dose":{"value":1.6,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}}"""
                .formatted(INOTUZUMAB, when);
    }

    private static String request(String status, String event, String authoredOn) {
        String timing = event == null ? "" : """
                "timing":{"event":["%s"]},""".formatted(event);
        return """
                {"resourceType":"MedicationRequest","id":"mr1","status":"%s","intent":"order",%s,"subject":{"reference":"Patient/p1"},
                 "authoredOn":"%s","dosageInstruction":[{%s"doseAndRate":[{"doseQuantity":{"value":1.0,"unit":"mg",
                 "system":"http://unitsofmeasure.org","code":"mg"}}]}]}""".formatted(status, INOTUZUMAB, authoredOn, timing);
    }

    private static String lab(String field, String when) {
        return """
                {"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"777-3"}]},
                 "%s":"%s","valueQuantity":{"value":150,"unit":"10*3/uL","system":"http://unitsofmeasure.org","code":"10*3/uL"}}"""
                .formatted(field, when);
    }

    private static LocalDate day(String iso) {
        return LocalDate.parse(iso);
    }

    @ParameterizedTest(name = "{0} (tree reader: {3})")
    @MethodSource("momentsBothWays")
    void dosesAndCompletedOrdersAreCountedOnTheSiteDay(String when, String tokyo, String newYork, boolean direct) {
        for (var zone : List.of(Map.entry(TOKYO, tokyo), Map.entry(NEW_YORK, newYork))) {
            var reader = reader(zone.getKey(), direct);
            assertThat(read(reader, administration(when)).inotuzumabDoses()).singleElement()
                    .satisfies(d -> assertThat(d.date()).as("administration in %s", zone.getKey()).isEqualTo(day(zone.getValue())));
            // a completed request stands in where no administration is recorded: its planned date, else authoredOn
            assertThat(read(reader, request("completed", when, "2025-12-01")).inotuzumabDoses()).singleElement()
                    .satisfies(d -> assertThat(d.date()).as("completed request in %s", zone.getKey()).isEqualTo(day(zone.getValue())));
            assertThat(read(reader, request("completed", null, when)).inotuzumabDoses()).singleElement()
                    .satisfies(d -> assertThat(d.date()).as("completed request, authoredOn, in %s", zone.getKey())
                            .isEqualTo(day(zone.getValue())));
        }
    }

    @ParameterizedTest(name = "{0} (tree reader: {3})")
    @MethodSource("momentsBothWays")
    void draftOrdersArePlannedOnTheSiteDay(String when, String tokyo, String newYork, boolean direct) {
        for (var zone : List.of(Map.entry(TOKYO, tokyo), Map.entry(NEW_YORK, newYork))) {
            var reader = reader(zone.getKey(), direct);
            List<DraftOrder> byEvent = reader.readDraftOrders(bundle(request("draft", when, "2025-12-01")), List.of(), LocalDate.of(2000, 1, 1));
            assertThat(byEvent).singleElement().satisfies(o -> {
                assertThat(o.plannedDate()).as("timing.event in %s", zone.getKey()).isEqualTo(day(zone.getValue()));
                assertThat(o.plannedDateSource()).isEqualTo(DraftOrder.PlannedDateSource.TIMING_EVENT);
            });
            List<DraftOrder> byAuthoredOn = reader.readDraftOrders(bundle(request("draft", null, when)), List.of(), LocalDate.of(2000, 1, 1));
            assertThat(byAuthoredOn).singleElement().satisfies(o -> {
                assertThat(o.plannedDate()).as("authoredOn in %s", zone.getKey()).isEqualTo(day(zone.getValue()));
                assertThat(o.plannedDateSource()).isEqualTo(DraftOrder.PlannedDateSource.AUTHORED_ON);
            });
        }
    }

    private static ObjectNode bundle(String resource) {
        ObjectNode bundle = json("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[]}");
        bundle.withArray("entry").addObject().set("resource", json(resource));
        return bundle;
    }

    @ParameterizedTest(name = "{0} (tree reader: {3})")
    @MethodSource("momentsBothWays")
    void resultsAreDatedOnTheSiteDay(String when, String tokyo, String newYork, boolean direct) {
        for (var zone : List.of(Map.entry(TOKYO, tokyo), Map.entry(NEW_YORK, newYork))) {
            var reader = reader(zone.getKey(), direct);
            assertThat(read(reader, lab("effectiveDateTime", when)).labs()).extracting(LabResult::date)
                    .as("effectiveDateTime in %s", zone.getKey()).containsExactly(day(zone.getValue()));
            if (when.length() > 10) { // an instant always has its time
                assertThat(read(reader, lab("issued", when)).labs()).extracting(LabResult::date)
                        .as("issued in %s", zone.getKey()).containsExactly(day(zone.getValue()));
            }
        }
    }

    /** Both paths read the results of the tree reader's shape: the tree reader does, not HAPI, and they agree. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("moments")
    void theTreeReaderReadsEveryFormHere(String when, String tokyo, String newYork) {
        assertThat(new ObservationTreeReader(new FhirDates(TOKYO)).read(json(lab("effectiveDateTime", when))))
                .hasValueSatisfying(o -> assertThat(o.date()).contains(day(tokyo)));
        assertThat(new ObservationTreeReader(new FhirDates(NEW_YORK)).read(json(lab("effectiveDateTime", when))))
                .hasValueSatisfying(o -> assertThat(o.date()).contains(day(newYork)));
    }

    @ParameterizedTest(name = "{0} (tree reader: {3})")
    @MethodSource("momentsBothWays")
    void conditionsProceduresRequestsAllergiesAndEventsAreDatedOnTheSiteDay(String when, String tokyo, String newYork, boolean direct) {
        String condition = """
                {"resourceType":"Condition","id":"c1","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
                 "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"C91.00"}]},"subject":{"reference":"Patient/p1"},"onsetDateTime":"%s"}"""
                .formatted(when);
        String procedure = """
                {"resourceType":"Procedure","id":"pr1","status":"completed","code":{"coding":[{"system":"http://snomed.info/sct","code":"234336002"}]},
                 "subject":{"reference":"Patient/p1"},"performedDateTime":"%s"}""".formatted(when);
        String serviceRequest = """
                {"resourceType":"ServiceRequest","id":"sr1","status":"active","intent":"order","code":{"coding":[{"system":"http://snomed.info/sct","code":"234336002"}]},
                 "subject":{"reference":"Patient/p1"},"occurrenceDateTime":"%s"}""".formatted(when);
        String allergy = """
                {"resourceType":"AllergyIntolerance","id":"a1","code":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1942950"}]},
                 "patient":{"reference":"Patient/p1"},"recordedDate":"%s"}""".formatted(when);
        String event = """
                {"resourceType":"AdverseEvent","id":"ae1","actuality":"actual","event":{"text":"nausea"},"subject":{"reference":"Patient/p1"},"date":"%s"}"""
                .formatted(when);
        for (var zone : List.of(Map.entry(TOKYO, tokyo), Map.entry(NEW_YORK, newYork))) {
            var record = read(reader(zone.getKey(), direct), condition, procedure, serviceRequest, allergy, event);
            LocalDate expected = day(zone.getValue());
            List<Object> dated = new ArrayList<>();
            record.facts().stream().filter(f -> f.concept() == ClinicalConcept.HSCT || f.concept() == ClinicalConcept.ALL)
                    .forEach(f -> dated.add(f.sourceRef() + " " + f.date().orElseThrow()));
            record.inotuzumabAllergies().stream().map(InotuzumabAllergy::date).forEach(d -> dated.add("allergy " + d.orElseThrow()));
            record.adverseEvents().forEach(e -> dated.add("event " + e.date().orElseThrow()));
            assertThat(dated).as("in %s", zone.getKey()).containsExactlyInAnyOrder("Condition/c1 " + expected, "Procedure/pr1 " + expected,
                    "ServiceRequest/sr1 " + expected, "allergy " + expected, "event " + expected);
        }
    }

    private static String part(String id, String status, String when, String mg) {
        String dosage = mg == null ? "" : """
                ,"dosage":{"dose":{"value":%s,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}""".formatted(mg);
        return """
                {"resourceType":"MedicationAdministration","id":"%s","status":"%s",%s,"subject":{"reference":"Patient/p1"},
                 "effectiveDateTime":"%s"%s}""".formatted(id, status, INOTUZUMAB, when, dosage);
    }

    /**
     * RULES §1 "One dosing day, one dose", read from FHIR: a day-8 infusion stopped at 0.60 mg at 08:00 Tokyo time (written
     * by a UTC system as 23:00Z the day before) and resumed at 0.40 mg at 14:00 Tokyo time is one dose of 1.00 mg on the
     * Tokyo day; in New York the same moments fall on two days, and are two doses there.
     */
    @ParameterizedTest(name = "tree reader: {0}")
    @ValueSource(booleans = {true, false})
    void theRecordsOfOneSiteDayAreOneDose(boolean direct) {
        String stopped = part("a", "stopped", "2026-01-02T23:00:00Z", "0.60");
        String resumed = part("b", "completed", "2026-01-03T14:00:00+09:00", "0.40");
        assertThat(read(reader(TOKYO, direct), stopped, resumed).inotuzumabDoses()).singleElement().satisfies(d -> {
            assertThat(d.date()).isEqualTo(LocalDate.of(2026, 1, 3));
            assertThat(d.doseMg()).hasValueSatisfying(mg -> assertThat(mg).isEqualByComparingTo("1.00"));
            assertThat(d.partial()).isTrue();
            assertThat(d.sourceRef()).contains("MedicationAdministration/a", "MedicationAdministration/b");
        });
        assertThat(read(reader(NEW_YORK, direct), stopped, resumed).inotuzumabDoses()).extracting(d -> d.date().toString())
                .containsExactly("2026-01-02", "2026-01-03");
        // a part with no dose stated: the day was given, its dose unknown
        assertThat(read(reader(TOKYO, direct), stopped, part("c", "completed", "2026-01-03T14:00:00+09:00", null)).inotuzumabDoses())
                .singleElement().satisfies(d -> assertThat(d.doseMg()).isEmpty());
        // completed requests standing in for administrations are merged the same way
        String first = request("completed", "2026-01-03T08:00:00+09:00", "2026-01-01").replace("\"mr1\"", "\"r1\"");
        String second = request("completed", "2026-01-03T05:00:00Z", "2026-01-01").replace("\"mr1\"", "\"r2\"");
        assertThat(read(reader(TOKYO, direct), first, second).inotuzumabDoses()).singleElement().satisfies(d -> {
            assertThat(d.date()).isEqualTo(LocalDate.of(2026, 1, 3));
            assertThat(d.doseMg()).hasValueSatisfying(mg -> assertThat(mg).isEqualByComparingTo("2.0"));
            assertThat(d.partial()).isFalse();
            assertThat(d.sourceRef()).isEqualTo("MedicationRequest/r1, MedicationRequest/r2");
        });
    }

    /** A birth date is a date: never moved by a zone. */
    @ParameterizedTest(name = "tree reader: {0}")
    @ValueSource(booleans = {true, false})
    void aBirthDateIsThatDate(boolean direct) {
        String patient = "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"birthDate\":\"1975-05-05\"}";
        for (ZoneId zone : List.of(TOKYO, NEW_YORK, ZoneId.of("Pacific/Kiritimati"), ZoneId.of("Pacific/Pago_Pago"))) {
            assertThat(read(reader(zone, direct), patient).birthDate()).contains(LocalDate.of(1975, 5, 5));
        }
    }
}
