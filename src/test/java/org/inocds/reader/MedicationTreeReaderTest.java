package org.inocds.reader;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import org.inocds.bench.HeavyPatient;
import org.inocds.support.FixedClockConfiguration;
import org.inocds.json.BoundedJson;
import org.inocds.record.ProductStrength;
import org.inocds.support.HookRequests;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MedicationAdministrations and MedicationRequests built from the tree are the resources HAPI's parser makes of the
 * same JSON (compared as HAPI writes them, without the fields no reader reads), for every one in the demo and scenario
 * fixtures, the heavy history and the test drafts; the records and draft orders read from them are the same both ways;
 * and every shape it does not build is left to HAPI's parser.
 */
class MedicationTreeReaderTest {

    private static final BoundedJson JSON = new BoundedJson(64);
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    /** As {@code MedicationTreeReader} skips them: no reader reads them. */
    private static final Set<String> UNREAD = Set.of("subject", "meta", "text", "identifier", "intent", "encounter", "context",
            "requester", "performer", "category", "priority", "recorder", "supportingInformation");
    private static HapiPatientRecordReader direct;
    private static HapiPatientRecordReader hapiOnly;

    @BeforeAll
    static void readers() throws Exception {
        CodeSets codeSets = CodeSets.from(FHIR, List.of("classpath:fhir-resources/knowledge/*.json"));
        direct = new HapiPatientRecordReader(FHIR, codeSets, new Units(), ProductStrength.LABEL, FixedClockConfiguration.ZONE, true);
        hapiOnly = new HapiPatientRecordReader(FHIR, codeSets, new Units(), ProductStrength.LABEL, FixedClockConfiguration.ZONE, false);
    }

    private static ObjectNode tree(String json) {
        try {
            return (ObjectNode) JSON.read(json.getBytes(StandardCharsets.UTF_8), "test");
        } catch (BoundedJson.Refused e) {
            throw new AssertionError(e);
        }
    }

    private static List<ObjectNode> medicationEvents() throws IOException {
        List<ObjectNode> all = new ArrayList<>();
        for (Path file : ObservationTreeReaderTest.fixtures().toList()) {
            for (JsonNode e : tree(Files.readString(file)).path("entry")) {
                String type = e.path("resource").path("resourceType").asText();
                if (type.equals("MedicationAdministration") || type.equals("MedicationRequest")) {
                    all.add((ObjectNode) e.get("resource"));
                }
            }
        }
        HeavyPatient.resources("p1", 1, true).stream().map(r -> tree(r.toString()))
                .filter(r -> r.get("resourceType").asText().startsWith("Medication")).forEach(all::add);
        for (ObjectNode draft : drafts()) {
            all.add(tree(draft.toString()));
        }
        return all;
    }

    private static List<ObjectNode> drafts() {
        return List.of(HookRequests.inotuzumabOrder("d1", "p1", new BigDecimal("1.70"), "mg", "2026-01-10"),
                HookRequests.inotuzumabOrder("d2", "p1", new BigDecimal("2"), "{vial}", "2026-01-10"),
                HookRequests.inotuzumabOrder("d3", "p1", null, null, "2026-01-10"),
                HookRequests.jpCoreInjectionOrder("d4", "p1", "6.8", "mL", "2026-01-10"));
    }

    @Test
    void eachBuiltResourceIsTheOneHapisParserMakes() throws IOException {
        var reader = new MedicationTreeReader();
        int events = 0;
        int built = 0;
        for (ObjectNode node : medicationEvents()) {
            events++;
            Optional<Resource> resource = reader.read(node);
            if (resource.isEmpty()) {
                continue;
            }
            built++;
            ObjectNode read = node.deepCopy();
            read.remove(UNREAD);
            assertThat(encode(resource.get())).as("%s", node).isEqualTo(encode(parser().parseResource(read.toString())));
        }
        assertThat(events).isGreaterThan(500);
        assertThat(built).as("built from the tree, of %d", events).isGreaterThan(events * 9 / 10);
    }

    @Test
    void draftOrdersReadTheSameBothWays() {
        LocalDate today = LocalDate.of(2026, 1, 10);
        for (ObjectNode draft : drafts()) {
            ObjectNode bundle = tree(HookRequests.bundleOf(draft).toString());
            assertThat(direct.readDraftOrders(bundle, List.of(), today)).as("%s", draft).isEqualTo(hapiOnly.readDraftOrders(bundle, List.of(), today));
        }
    }

    private static final String GIVEN = """
            {"resourceType":"MedicationAdministration","id":"ma1","status":"completed",
             "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1942950"}]},
             "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-01-03T10:00:00+09:00",
             "dosage":{"dose":{"value":1.6,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}%s}""";

    /** What is not built exactly is left to HAPI's parser, and the record is the one it always gave. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'\"status\":\"completed\"'|'\"status\":\"done\"'",
            "'\"status\":\"completed\"'|'\"status\":\"\"'",
            "'\"id\":\"ma1\"'|'\"id\":\"MedicationAdministration/ma1/_history/2\"'",
            "'2026-01-03T10:00:00+09:00'|'2026-02-30'",
            "'\"value\":1.6'|'\"value\":\"1.6\"'",
            "'%s'|',\"statusReason\":[{\"text\":\"not given\"}]'",
            "'%s'|',\"note\":[{\"text\":\"未投与\"}]'",
            "'%s'|',\"extension\":[{\"url\":\"http://example.org/x\",\"valueBoolean\":true}]'",
            "'%s'|',\"_status\":{\"extension\":[{\"url\":\"http://example.org/y\",\"valueString\":\"z\"}]}'",
            "'%s'|',\"medicationReference\":{\"reference\":\"Medication/m1\"}'",
            "'\"effectiveDateTime\":\"2026-01-03T10:00:00+09:00\"'|'\"effectivePeriod\":{\"start\":\"2026-01-03\"}'",
            "'\"dose\":'|'\"route\":{\"text\":\"IV\"},\"dose\":'",
            "'\"code\":\"1942950\"'|'\"code\":\"1942950\",\"userSelected\":true'"})
    void shapesItDoesNotBuildGoToHapi(String part, String replacement) {
        String json = GIVEN.replace(part, replacement).replace("%s", "");
        assertThat(json).isNotEqualTo(GIVEN.replace("%s", ""));
        var node = tree(json);
        assertThat(new MedicationTreeReader().read(node)).as(json).isEmpty();
        assertThat(direct.read(data(List.of(node)))).isEqualTo(hapiOnly.read(data(List.of(node))));
    }

    /** A date of another precision is the model's own to read, built or parsed: the same day either way. */
    @ParameterizedTest
    @ValueSource(strings = {"2026-01", "2026", "2026-01-03", "2026-01-03T23:30:00-05:00"})
    void datesOfEveryPrecisionReadTheSameBothWays(String when) {
        var node = tree(GIVEN.replace("2026-01-03T10:00:00+09:00", when).replace("%s", ""));
        assertThat(new MedicationTreeReader().read(node)).isPresent();
        assertThat(direct.read(data(List.of(node)))).isEqualTo(hapiOnly.read(data(List.of(node))));
    }

    @Test
    void aDoseJacksonHoldsAsADoubleIsHapisToRead() throws IOException {
        ObjectNode doubles = (ObjectNode) new ObjectMapper().readTree(GIVEN.replace("%s", ""));
        assertThat(doubles.at("/dosage/dose/value").isDouble()).isTrue();
        assertThat(new MedicationTreeReader().read(doubles)).isEmpty();
    }

    @Test
    void theCommonShapeIsBuiltAndReadAsParsed() {
        var node = tree(GIVEN.replace("%s", ""));
        assertThat(new MedicationTreeReader().read(node)).isPresent();
        var record = direct.read(data(List.of(node)));
        assertThat(record).isEqualTo(hapiOnly.read(data(List.of(node))));
        assertThat(record.inotuzumabDoses()).singleElement().satisfies(d -> {
            assertThat(d.date()).isEqualTo(LocalDate.of(2026, 1, 3));
            assertThat(d.doseMg()).contains(new BigDecimal("1.6"));
        });
    }

    private static PatientData data(List<ObjectNode> resources) {
        return new PatientData("p1", Map.of("all", new PrefetchOutcome("all", PrefetchOutcome.Status.PREFETCHED, resources, Optional.empty())));
    }

    private static IParser parser() {
        return FHIR.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));
    }

    private static String encode(IBaseResource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }
}
