package org.inocds.reader;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.inocds.bench.HeavyPatient;
import org.inocds.json.BoundedJson;
import org.inocds.knowledge.CodeSets;
import org.inocds.knowledge.Units;
import org.inocds.record.ProductStrength;
import org.inocds.support.FixedClockConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tree reading of Observations gives exactly what HAPI's parser and model give: every scenario and demo Bundle, and
 * a heavy synthetic history, read into a PatientRecord both ways must give equal records; the shapes it does not read
 * exactly are left to HAPI. JSON is read as the service reads it ({@link BoundedJson}: decimals exact).
 */
class ObservationTreeReaderTest {

    private static final BoundedJson JSON = new BoundedJson(64);
    private static HapiPatientRecordReader direct;
    private static HapiPatientRecordReader hapiOnly;

    @BeforeAll
    static void readers() throws Exception {
        FhirContext fhir = FhirContext.forR4Cached();
        CodeSets codeSets = ValueSetReader.codeSets(fhir, List.of("classpath:fhir-resources/knowledge/*.json"));
        direct = new HapiPatientRecordReader(fhir, codeSets, new Units(), ProductStrength.LABEL, FixedClockConfiguration.ZONE, true);
        hapiOnly = new HapiPatientRecordReader(fhir, codeSets, new Units(), ProductStrength.LABEL, FixedClockConfiguration.ZONE, false);
    }

    static Stream<Path> fixtures() throws IOException {
        List<Path> all = new ArrayList<>();
        for (String dir : List.of("fhir-resources/demo", "fhir-resources/scenarios")) {
            try (var files = Files.list(Path.of(dir))) {
                files.filter(p -> p.toString().endsWith(".json") && !p.toString().endsWith(".expect.json")).sorted().forEach(all::add);
            }
        }
        return all.stream();
    }

    private static PatientData data(List<ObjectNode> resources) {
        return new PatientData("p1", Map.of("all", new PrefetchOutcome("all", PrefetchOutcome.Status.PREFETCHED, resources, Optional.empty())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyFixtureReadsTheSameBothWays(Path file) throws IOException {
        List<ObjectNode> resources = new ArrayList<>();
        tree(Files.readString(file)).path("entry").forEach(e -> resources.add((ObjectNode) e.get("resource")));
        assertThat(resources).isNotEmpty();
        assertThat(direct.read(data(resources))).isEqualTo(hapiOnly.read(data(resources)));
    }

    @Test
    void aHeavyHistoryReadsTheSameBothWaysAndIsReadFromTheTree() {
        List<ObjectNode> history = HeavyPatient.resources("p1", 2, true).stream().map(r -> tree(r.toString())).toList();
        var record = direct.read(data(history));
        assertThat(record).isEqualTo(hapiOnly.read(data(history)));
        assertThat(record.labs()).hasSizeGreaterThan(1_000);
        assertThat(history.stream().filter(r -> r.get("resourceType").asText().equals("Observation")))
                .allSatisfy(o -> assertThat(new ObservationTreeReader(new FhirDates(FixedClockConfiguration.ZONE)).read(o)).as("read from the tree: %s", o).isPresent());
    }

    /** Every fixture's Observations are read from the tree, bar the few of shapes kept for HAPI on purpose. */
    @Test
    void theFixturesObservationsAreMostlyReadFromTheTree() throws IOException {
        int observations = 0;
        int fromTree = 0;
        for (Path file : fixtures().toList()) {
            for (JsonNode e : tree(Files.readString(file)).path("entry")) {
                if (e.path("resource").path("resourceType").asText().equals("Observation")) {
                    observations++;
                    fromTree += new ObservationTreeReader(new FhirDates(FixedClockConfiguration.ZONE)).read((ObjectNode) e.get("resource")).isPresent() ? 1 : 0;
                }
            }
        }
        assertThat(observations).isGreaterThan(300);
        assertThat(fromTree).as("of %d", observations).isGreaterThan(observations * 9 / 10);
    }

    private static final String LAB = """
            {"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"751-8"}]},
             "effectiveDateTime":"2026-01-09T08:00:00+09:00","valueQuantity":{"value":0.9,"unit":"10*3/uL","system":"http://unitsofmeasure.org","code":"10*3/uL"}%s}""";

    /**
     * Issue 21 defect 9: reference ranges per sex (any of the code systems) and per age band are read from the tree, and
     * both ways give the same ranges with the same populations; a range without an upper limit or an age bound without a
     * value is not kept, either way.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            ",\"referenceRange\":[{\"high\":{\"value\":0.42,\"unit\":\"10*3/uL\"},\"appliesTo\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender\",\"code\":\"M\"}]}]},{\"high\":{\"value\":0.23,\"unit\":\"10*3/uL\"},\"appliesTo\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender\",\"code\":\"F\"}]}]}]",
            ",\"referenceRange\":[{\"high\":{\"value\":1},\"appliesTo\":[{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"248152002\",\"display\":\"Female\"}],\"text\":\"女性\"}],\"type\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/referencerange-meaning\",\"code\":\"normal\"}]}}]",
            ",\"referenceRange\":[{\"low\":{\"value\":0.1},\"high\":{\"value\":2},\"age\":{\"low\":{\"value\":18,\"unit\":\"years\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"a\"},\"high\":{\"value\":64,\"system\":\"http://unitsofmeasure.org\",\"code\":\"a\"}}}]",
            ",\"referenceRange\":[{\"high\":{\"value\":2},\"age\":{\"low\":{\"unit\":\"a\"},\"high\":{\"value\":6,\"code\":\"mo\"}}},{\"low\":{\"value\":1}}]",
            ",\"referenceRange\":[{\"high\":{\"value\":2},\"appliesTo\":[{\"text\":\"pregnant\"}],\"text\":\"pregnancy\"},{\"high\":{\"value\":3},\"appliesTo\":[]}]",
            ",\"referenceRange\":[{\"high\":{\"value\":2},\"age\":{\"high\":{\"value\":6,\"code\":\"fortnights\"}}}]"})
    void referenceRangesWithTheirPopulationReadTheSameBothWaysFromTheTree(String ranges) {
        var node = tree(LAB.formatted(ranges));
        assertThat(new ObservationTreeReader(new FhirDates(FixedClockConfiguration.ZONE)).read(node)).as("read from the tree").isPresent();
        var fromTree = direct.read(data(List.of(node)));
        assertThat(fromTree).isEqualTo(hapiOnly.read(data(List.of(node))));
        assertThat(fromTree.labs()).singleElement().satisfies(l -> assertThat(l.ranges()).isNotEmpty());
    }

    @Test
    void theRangesPopulationsAreReadAsTheyAreMeant() {
        var perSex = direct.read(data(List.of(tree(LAB.formatted(",\"referenceRange\":[{\"high\":{\"value\":0.42,\"unit\":\"10*3/uL\"},\"appliesTo\":[{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"248153007\"}]}]},{\"high\":{\"value\":0.23,\"unit\":\"10*3/uL\"},\"appliesTo\":[{\"coding\":[{\"system\":\"http://hl7.org/fhir/administrative-gender\",\"code\":\"female\"}]}]}]")))));
        assertThat(perSex.labs().get(0).ranges()).extracting(r -> r.high().stripTrailingZeros().toPlainString() + " " + r.sexes())
                .containsExactly("420 [MALE]", "230 [FEMALE]");
        var byAge = direct.read(data(List.of(tree(LAB.formatted(",\"referenceRange\":[{\"high\":{\"value\":2},\"age\":{\"low\":{\"value\":18,\"code\":\"a\"},\"high\":{\"value\":6,\"code\":\"fortnights\"}}}]")))));
        assertThat(byAge.labs().get(0).ranges()).singleElement().satisfies(r -> {
            assertThat(r.ageLow()).contains(new org.inocds.record.ReferenceRange.AgeLimit(new java.math.BigDecimal("18"), java.time.temporal.ChronoUnit.YEARS));
            assertThat(r.otherCondition()).as("an age in an unknown unit").isTrue();
        });
    }

    /** What is not bound exactly is left to HAPI: it decides, and the record is the one it always gave. */
    @ParameterizedTest
    @ValueSource(strings = {
            ",\"modifierExtension\":[{\"url\":\"http://example.org/x\",\"valueBoolean\":true}]",
            ",\"_status\":{\"extension\":[{\"url\":\"http://example.org/y\",\"valueString\":\"z\"}]}",
            ",\"effectivePeriod\":{\"start\":\"2026-01-09\"}",
            ",\"valueRange\":{\"low\":{\"value\":1}}",
            ",\"interpretation\":{\"text\":\"not an array\"}",
            ",\"referenceRange\":[{\"high\":{\"value\":\"1.2\"}}]",
            ",\"implicitRules\":\"http://example.org/rules\"",
            ",\"valueString\":\"two values\"",
            ",\"referenceRange\":[{\"high\":{\"value\":1.2,\"comparator\":\"~\"}}]"})
    void shapesItDoesNotReadExactlyGoToHapi(String extra) {
        var node = tree(LAB.formatted(extra));
        assertThat(new ObservationTreeReader(new FhirDates(FixedClockConfiguration.ZONE)).read(node)).isEmpty();
        assertThat(direct.read(data(List.of(node)))).isEqualTo(hapiOnly.read(data(List.of(node))));
    }

    /** An unknown status, a blank code, an id HAPI parses its own way, a null: HAPI reads them. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"\"status\":\"final\"|\"status\":\"done\"", "\"code\":\"751-8\"|\"code\":\"\"",
            "\"id\":\"o1\"|\"id\":\"Observation/o1/_history/2\"", "\"status\":\"final\"|\"status\":null"})
    void oddValuesGoToHapi(String part, String replacement) {
        var node = tree(LAB.formatted("").replace(part, replacement));
        assertThat(new ObservationTreeReader(new FhirDates(FixedClockConfiguration.ZONE)).read(node)).isEmpty();
        assertThat(direct.read(data(List.of(node)))).isEqualTo(hapiOnly.read(data(List.of(node))));
    }

    /** Dates outside the strict forms (a month alone, no zone, 30 February, nonsense) are HAPI's to read. */
    @ParameterizedTest
    @ValueSource(strings = {"2026-13-45T08:00:00+09:00", "yesterday", "", "2026-01", "2026", "2026-02-30",
            "2026-01-09T08:00:00", "2026-01-09T08:00+09:00", "2026-01-09T24:00:00Z"})
    void aDateOutsideTheStrictFormsGoesToHapi(String when) {
        var node = tree(LAB.formatted("").replace("2026-01-09T08:00:00+09:00", when));
        assertThat(new ObservationTreeReader(new FhirDates(FixedClockConfiguration.ZONE)).read(node)).isEmpty();
        assertThat(direct.read(data(List.of(node)))).isEqualTo(hapiOnly.read(data(List.of(node))));
    }

    /**
     * The date is the site's day (Tokyo here; RULES §1 "Calendar days are the site's days"), both ways: 23:30 in Tokyo is
     * that day, 23:30 in New York is 13:30 the next day in Tokyo, a date alone is that date, and an issued instant stands
     * in for a missing effective time (22:00 −10:00 on the 8th is 17:00 on the 9th in Tokyo). SiteDaysTest holds the class.
     */
    @ParameterizedTest
    @CsvSource({"2026-01-09T23:30:00+09:00,2026-01-09", "2026-01-09T23:30:00-05:00,2026-01-10",
            "2026-01-09T00:10:00.123456Z,2026-01-09", "2026-01-09,2026-01-09", "2026-01-09T08:00:00+14:00,2026-01-09"})
    void theDateIsTheSitesDay(String when, LocalDate day) {
        var node = tree(LAB.formatted("").replace("2026-01-09T08:00:00+09:00", when));
        var fromTree = direct.read(data(List.of(node)));
        assertThat(new ObservationTreeReader(new FhirDates(FixedClockConfiguration.ZONE)).read(node)).isPresent();
        assertThat(fromTree).isEqualTo(hapiOnly.read(data(List.of(node))));
        assertThat(fromTree.labs()).singleElement().satisfies(l -> {
            assertThat(l.date()).isEqualTo(day);
            assertThat(l.drawTime()).isEqualTo(when);
        });

        var issuedOnly = tree(LAB.formatted(",\"issued\":\"2026-01-08T22:00:00-10:00\"").replace("\"effectiveDateTime\":\"2026-01-09T08:00:00+09:00\",", ""));
        assertThat(issuedOnly.has("effectiveDateTime")).isFalse();
        assertThat(new ObservationTreeReader(new FhirDates(FixedClockConfiguration.ZONE)).read(issuedOnly)).isPresent();
        assertThat(direct.read(data(List.of(issuedOnly)))).isEqualTo(hapiOnly.read(data(List.of(issuedOnly))));
        assertThat(direct.read(data(List.of(issuedOnly))).labs()).singleElement()
                .satisfies(l -> assertThat(l.date()).isEqualTo(LocalDate.of(2026, 1, 9)));
    }

    /** A time read once a call is not read again as another form: a date alone is a dateTime, never an instant. */
    @Test
    void aDateReadOnceIsStillCheckedForItsForm() {
        var reader = new ObservationTreeReader(new FhirDates(FixedClockConfiguration.ZONE));
        var dated = tree(LAB.formatted("").replace("2026-01-09T08:00:00+09:00", "2026-01-09"));
        var issuedADay = tree(LAB.formatted(",\"issued\":\"2026-01-09\"").replace("\"effectiveDateTime\":\"2026-01-09T08:00:00+09:00\",", ""));
        assertThat(reader.read(dated)).isPresent();
        assertThat(reader.read(issuedADay)).as("an instant needs its time").isEmpty();
        assertThat(reader.read(dated)).isPresent();
    }

    /** A number Jackson holds as a double has lost how it was written: HAPI reads that Observation. */
    @Test
    void aDoubleIsHapisToRead() throws IOException {
        var node = (ObjectNode) new ObjectMapper().readTree(LAB.formatted(""));
        assertThat(new ObservationTreeReader(new FhirDates(FixedClockConfiguration.ZONE)).read(node)).isEmpty();
        assertThat(direct.read(data(List.of(node)))).isEqualTo(hapiOnly.read(data(List.of(node))));
        assertThat(direct.read(data(List.of(node))).labs()).singleElement()
                .satisfies(l -> assertThat(l.value()).isEqualByComparingTo("900"));
    }

    /** Qualitative results read from the tree as from HAPI: CD22 and pregnancy by value, interpretation and text. */
    @ParameterizedTest
    @ValueSource(strings = {
            "\"valueBoolean\":true", "\"valueBoolean\":false",
            "\"valueCodeableConcept\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"10828004\"}]}",
            "\"valueCodeableConcept\":{\"text\":\"陽性\"}", "\"valueString\":\"not detected\"",
            "\"interpretation\":[{\"coding\":[{\"code\":\"POS\"}]}]", "\"interpretation\":[{\"text\":\"negative\"}]"})
    void qualitativeResultsReadTheSame(String value) {
        var node = tree("""
                {"resourceType":"Observation","id":"cd22","status":"final","code":{"text":"CD22 expression (flow cytometry)"},
                 "effectiveDateTime":"2026-01-02",%s}""".formatted(value));
        assertThat(new ObservationTreeReader(new FhirDates(FixedClockConfiguration.ZONE)).read(node)).isPresent();
        var record = direct.read(data(List.of(node)));
        assertThat(record).isEqualTo(hapiOnly.read(data(List.of(node))));
        assertThat(record.facts()).hasSize(1);
    }

    private static ObjectNode tree(String json) {
        try {
            return (ObjectNode) JSON.read(json.getBytes(StandardCharsets.UTF_8), "test");
        } catch (BoundedJson.Refused e) {
            throw new IllegalArgumentException(e);
        }
    }
}
