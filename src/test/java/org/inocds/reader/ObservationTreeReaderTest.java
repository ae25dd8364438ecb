package org.inocds.reader;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.inocds.record.ProductStrength;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The direct Observation binding reads exactly what HAPI's parser reads: every scenario and demo Bundle, and a heavy
 * synthetic history, read into a PatientRecord both ways must give equal records; and the shapes it does not bind
 * exactly are left to HAPI.
 */
class ObservationBinderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static HapiPatientRecordReader direct;
    private static HapiPatientRecordReader hapiOnly;

    @BeforeAll
    static void readers() throws Exception {
        FhirContext fhir = FhirContext.forR4Cached();
        CodeSets codeSets = CodeSets.from(fhir, List.of("classpath:fhir-resources/knowledge/*.json"));
        direct = new HapiPatientRecordReader(fhir, codeSets, new Units(), ProductStrength.LABEL, true);
        hapiOnly = new HapiPatientRecordReader(fhir, codeSets, new Units(), ProductStrength.LABEL, false);
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
        JSON.readTree(file.toFile()).path("entry").forEach(e -> resources.add((ObjectNode) e.get("resource")));
        assertThat(resources).isNotEmpty();
        assertThat(direct.read(data(resources))).isEqualTo(hapiOnly.read(data(resources)));
    }

    @org.junit.jupiter.api.Test
    void aHeavyHistoryReadsTheSameBothWaysAndIsBoundDirectly() {
        var history = org.inocds.bench.HeavyPatient.resources("p1", 2, true);
        assertThat(direct.read(data(history))).isEqualTo(hapiOnly.read(data(history)));
        assertThat(history.stream().filter(r -> r.get("resourceType").asText().equals("Observation")))
                .allSatisfy(o -> assertThat(ObservationBinder.bind(o)).as("bound directly: %s", o).isPresent());
    }

    private static final String LAB = """
            {"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"751-8"}]},
             "effectiveDateTime":"2026-01-09T08:00:00+09:00","valueQuantity":{"value":0.9,"unit":"10*3/uL","system":"http://unitsofmeasure.org","code":"10*3/uL"}%s}""";

    /** What is not bound exactly is left to HAPI: it decides, and the record is the one it always gave. */
    @ParameterizedTest
    @ValueSource(strings = {
            ",\"modifierExtension\":[{\"url\":\"http://example.org/x\",\"valueBoolean\":true}]",
            ",\"_status\":{\"extension\":[{\"url\":\"http://example.org/y\",\"valueString\":\"z\"}]}",
            ",\"effectivePeriod\":{\"start\":\"2026-01-09\"}",
            ",\"valueRange\":{\"low\":{\"value\":1}}",
            ",\"interpretation\":{\"text\":\"not an array\"}",
            ",\"referenceRange\":[{\"high\":{\"value\":\"1.2\"}}]",
            ",\"implicitRules\":\"http://example.org/rules\""})
    void shapesItDoesNotBindExactlyGoToHapi(String extra) throws IOException {
        var node = (ObjectNode) JSON.readTree(LAB.formatted(extra));
        assertThat(ObservationBinder.bind(node)).isEmpty();
        assertThat(direct.read(data(List.of(node)))).isEqualTo(hapiOnly.read(data(List.of(node))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13-45T08:00:00+09:00", "yesterday", ""})
    void aDateHapiWouldRefuseGoesToHapi(String when) throws IOException {
        var node = (ObjectNode) JSON.readTree(LAB.formatted("").replace("2026-01-09T08:00:00+09:00", when));
        assertThat(ObservationBinder.bind(node)).isEmpty();
        assertThat(direct.read(data(List.of(node)))).isEqualTo(hapiOnly.read(data(List.of(node))));
    }
}
