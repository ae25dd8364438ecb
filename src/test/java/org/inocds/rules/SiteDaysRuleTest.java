package org.inocds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.RuleRuns.context;
import static org.inocds.support.RuleRuns.run;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.knowledge.CodeSets;
import org.inocds.knowledge.Units;
import org.inocds.reader.HapiPatientRecordReader;
import org.inocds.reader.PatientData;
import org.inocds.reader.PrefetchOutcome;
import org.inocds.reader.ValueSetReader;
import org.inocds.record.DraftOrder;
import org.inocds.record.PatientRecord;
import org.inocds.support.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.inocds.rules.family.DoseRule;
import org.inocds.rules.family.ScheduleRule;

/**
 * RULES §1 "Calendar days are the site's days", from the FHIR written to the rules: day 1 given at 08:00 Tokyo time and
 * a day-8 draft sent by a UTC system as 23:30Z of the evening before the next Tokyo day are seven Tokyo days apart — day 8
 * on time, not "too soon" and not day 7. Before, each date was taken in its own offset (01-02 and 01-08: six days).
 */
class SiteDaysRuleTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static CodeSets codeSets;
    private static Units units;

    @BeforeAll
    static void setUp() throws Exception {
        codeSets = ValueSetReader.codeSets(FhirContext.forR4Cached(), List.of("classpath:fhir-resources/knowledge/*.json"));
        units = new Units();
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    private static final String MED = "\"medicationCodeableConcept\":{\"coding\":[{\"system\":\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"1942950\"}]}";

    private record Read(PatientRecord record, DraftOrder order) {}

    private static Read read(ZoneId zone, String day1, String draftDate) throws Exception {
        var reader = new HapiPatientRecordReader(FhirContext.forR4Cached(), codeSets, units, zone);
        String height = """
                {"resourceType":"Observation","id":"h","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8302-2"}]},
                 "effectiveDateTime":"2025-12-20","valueQuantity":{"value":178,"unit":"cm","system":"http://unitsofmeasure.org","code":"cm"}}""";
        String weight = height.replace("\"h\"", "\"w\"").replace("8302-2", "29463-7").replace("178", "81").replace("cm", "kg");
        String dose = """
                {"resourceType":"MedicationAdministration","id":"d1","status":"completed",%s,"effectiveDateTime":"%s",
                 "dosage":{"dose":{"value":1.60,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}}""".formatted(MED, day1);
        var record = reader.read(new PatientData("p", Map.of("all", new PrefetchOutcome("all", PrefetchOutcome.Status.PREFETCHED,
                List.of(json(height), json(weight), json(dose)), Optional.empty()))));
        String draft = """
                {"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"MedicationRequest","id":"o1","status":"draft",
                 "intent":"order",%s,"authoredOn":"%s","dosageInstruction":[{"timing":{"event":["%s"]},"doseAndRate":[{"doseQuantity":
                 {"value":1.00,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}]}]}}]}""".formatted(MED, draftDate, draftDate);
        var orders = reader.readDraftOrders(json(draft), List.of(), LocalDate.of(2026, 1, 9));
        return new Read(record, orders.get(0));
    }

    @Test
    void aUtcDraftAfterATokyoDay1IsDay8OnTime() throws Exception {
        var read = read(ZoneId.of("Asia/Tokyo"), "2026-01-02T08:00:00+09:00", "2026-01-08T23:30:00Z");
        assertThat(read.record().inotuzumabDoses()).singleElement().satisfies(d -> assertThat(d.date()).isEqualTo(LocalDate.of(2026, 1, 2)));
        assertThat(read.order().plannedDate()).isEqualTo(LocalDate.of(2026, 1, 9));
        var placement = context(Hook.ORDER_SIGN, read.record(), read.order(), List.of(), Settings.defaults()).placedOrder().orElseThrow().placement();
        assertThat(placement.cycle()).isEqualTo(1);
        assertThat(placement.day()).isEqualTo(8);
        assertThat(placement.delayDays()).isZero();
        assertThat(placement.earlyDays()).isZero();
        assertThat(run(new ScheduleRule(), read.record(), read.order())).isEmpty();
        assertThat(run(new DoseRule(), read.record(), read.order())).extracting(Finding::indicator)
                .doesNotContain(Indicator.WARNING, Indicator.CRITICAL);
    }

    /** The same moments at a New York site: day 1 was the evening of 01-01 there and the draft the evening of 01-08. */
    @Test
    void anotherSiteZoneCountsItsOwnDays() throws Exception {
        var read = read(ZoneId.of("America/New_York"), "2026-01-02T08:00:00+09:00", "2026-01-08T23:30:00Z");
        assertThat(read.record().inotuzumabDoses()).singleElement().satisfies(d -> assertThat(d.date()).isEqualTo(LocalDate.of(2026, 1, 1)));
        assertThat(read.order().plannedDate()).isEqualTo(LocalDate.of(2026, 1, 8));
        // a draft at 10:00 Tokyo the next morning is still 01-08 in New York: day 8 there too, while in Tokyo it is 01-09
        var morning = read(ZoneId.of("America/New_York"), "2026-01-02T08:00:00+09:00", "2026-01-09T10:00:00+09:00");
        assertThat(morning.order().plannedDate()).isEqualTo(LocalDate.of(2026, 1, 8));
        // and a day-8 draft at 23:30 New York time on 01-07 (13:30 on 01-08 in Tokyo) is six New York days after day 1: a day early
        var early = read(ZoneId.of("America/New_York"), "2026-01-02T08:00:00+09:00", "2026-01-07T23:30:00-05:00");
        var placement = context(Hook.ORDER_SIGN, early.record(), early.order(), List.of(), Settings.defaults()).placedOrder().orElseThrow()
                .placement();
        assertThat(placement.plannedDate()).isEqualTo(LocalDate.of(2026, 1, 7));
        assertThat(placement.earlyDays()).isEqualTo(1);
    }
}
