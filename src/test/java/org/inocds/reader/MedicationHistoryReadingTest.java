package org.inocds.reader;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.json.BoundedJson;
import org.inocds.knowledge.Units;
import org.inocds.record.PatientRecord;
import org.inocds.record.ProductStrength;
import org.inocds.support.FixedClockConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An inotuzumab MedicationAdministration as HAPI's model reads it (the one reading path): the common shape gives its dose
 * and the site's day (Asia/Tokyo here); a date of any precision is read by the model; a resource with more than the
 * common shape (a status reason, a note, an extension, a route, a period) still gives its dose.
 */
class MedicationHistoryReadingTest {

    private static final BoundedJson JSON = new BoundedJson(64);
    private static HapiPatientRecordReader reader;

    @BeforeAll
    static void reader() throws Exception {
        FhirContext fhir = FhirContext.forR4Cached();
        reader = new HapiPatientRecordReader(fhir, ValueSetReader.codeSets(fhir, List.of("classpath:fhir-resources/knowledge/*.json")),
                new Units(), ProductStrength.LABEL, FixedClockConfiguration.ZONE);
    }

    private static final String GIVEN = """
            {"resourceType":"MedicationAdministration","id":"ma1","status":"completed",
             "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1942950"}]},
             "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-01-03T10:00:00+09:00",
             "dosage":{"dose":{"value":1.6,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}%s}""";

    private static PatientRecord read(String json) {
        try {
            var node = (ObjectNode) JSON.read(json.getBytes(StandardCharsets.UTF_8), "test");
            return reader.read(new PatientData("p1", Map.of("all",
                    new PrefetchOutcome("all", PrefetchOutcome.Status.PREFETCHED, List.of(node), Optional.empty()))));
        } catch (BoundedJson.Refused e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theCommonShapeGivesItsDoseOnItsDay() {
        assertThat(read(GIVEN.replace("%s", "")).inotuzumabDoses()).singleElement().satisfies(d -> {
            assertThat(d.date()).isEqualTo(LocalDate.of(2026, 1, 3));
            assertThat(d.doseMg()).contains(new BigDecimal("1.6"));
        });
    }

    /** A date of another precision is the model's to read: a time is taken on the site's day. */
    @ParameterizedTest
    @CsvSource({"2026-01-03, 2026-01-03", "2026-01-03T23:30:00-05:00, 2026-01-04", "2026-01-03T00:30:00+09:00, 2026-01-03"})
    void datesOfEveryPrecisionAreTheSitesDay(String when, LocalDate day) {
        assertThat(read(GIVEN.replace("2026-01-03T10:00:00+09:00", when).replace("%s", "")).inotuzumabDoses())
                .singleElement().satisfies(d -> assertThat(d.date()).isEqualTo(day));
    }

    /** What HAPI reads besides the fields the rules use changes nothing the record holds. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'%s'|',\"note\":[{\"text\":\"未投与\"}]'",
            "'%s'|',\"extension\":[{\"url\":\"http://example.org/x\",\"valueBoolean\":true}]'",
            "'%s'|',\"_status\":{\"extension\":[{\"url\":\"http://example.org/y\",\"valueString\":\"z\"}]}'",
            "'\"dose\":'|'\"route\":{\"text\":\"IV\"},\"dose\":'",
            "'\"code\":\"1942950\"'|'\"code\":\"1942950\",\"userSelected\":true'",
            "'\"id\":\"ma1\"'|'\"id\":\"MedicationAdministration/ma1/_history/2\"'"})
    void fieldsBesidesTheCommonShapeChangeNothing(String part, String replacement) {
        String json = GIVEN.replace(part, replacement).replace("%s", "");
        assertThat(json).isNotEqualTo(GIVEN.replace("%s", ""));
        assertThat(read(json).inotuzumabDoses()).as(json).isEqualTo(read(GIVEN.replace("%s", "")).inotuzumabDoses());
    }
}
