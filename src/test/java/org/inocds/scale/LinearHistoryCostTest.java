package org.inocds.scale;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatchers;
import org.inocds.prefetch.PatientData;
import org.inocds.prefetch.PrefetchOutcome;
import org.inocds.record.CodeSets;
import org.inocds.record.HapiPatientRecordReader;
import org.inocds.record.Units;
import org.inocds.rules.Hook;
import org.inocds.rules.PatientReview;
import org.inocds.rules.RuleBook;
import org.inocds.support.Orders;
import org.inocds.support.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cost of a call grows with the patient's history no faster than the history (the performance issue: heavy × 8 had
 * taken 21 × heavy). Counted, not timed: every look at a lab result's analyte or date — by the reader, the record's
 * lookups and every rule — is counted through an instrumented {@code LabResult}, for the same patient with 1, 4 and 8 lab
 * draws on each sampling day (6 cycles given, 9 analytes every other day for 170 days). (The draw time is not counted: it
 * is read only to order results of one day, and more draws a day make more such ties, whatever the algorithm.)
 */
public class LinearHistoryCostTest {

    /** Incremented by the advice woven into LabResult's accessors. */
    public static final AtomicLong LOOKS = new AtomicLong();

    public static final class CountLook {
        @Advice.OnMethodEnter
        public static void enter() {
            LinearHistoryCostTest.LOOKS.incrementAndGet();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.of(2026, 1, 10);
    private static HapiPatientRecordReader reader;
    private static final PatientReview REVIEW = new PatientReview(RuleBook.standard(), Settings.defaults());

    @BeforeAll
    static void instrument() throws Exception {
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .type(ElementMatchers.named("org.inocds.record.LabResult"))
                .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(CountLook.class)
                        .on(ElementMatchers.named("analyte").or(ElementMatchers.named("date")))))
                .installOn(ByteBuddyAgent.install());
        FhirContext fhir = FhirContext.forR4Cached();
        reader = new HapiPatientRecordReader(fhir, CodeSets.from(fhir, List.of("classpath:fhir-resources/knowledge/*.json")), new Units());
    }

    private static ObjectNode node(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The heavy patient with {@code draws} lab draws per sampling day, as FHIR JSON. */
    public static List<ObjectNode> history(int draws) {
        List<ObjectNode> out = new ArrayList<>();
        out.add(node("{\"resourceType\":\"Patient\",\"id\":\"p1\",\"gender\":\"female\",\"birthDate\":\"1970-03-03\"}"));
        LocalDate day1 = TODAY.minusDays(21 + 28 * 5);
        int n = 0;
        for (int c = 1; c <= 6; c++) {
            for (int d : new int[] {0, 7, 14}) {
                out.add(node("""
                        {"resourceType":"MedicationAdministration","id":"d%d","status":"completed",
                         "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1942950"}]},
                         "subject":{"reference":"Patient/p1"},"effectiveDateTime":"%s",
                         "dosage":{"dose":{"value":%s,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}}"""
                        .formatted(n++, day1.plusDays(d), c == 1 && d == 0 ? "1.60" : "1.00")));
            }
            day1 = day1.plusDays(c == 1 ? 21 : 28);
        }
        String[][] labs = {{"1975-2", "0.7", "mg/dL"}, {"1920-8", "24", "U/L"}, {"1742-6", "20", "U/L"}, {"751-8", "2.1", "10*3/uL"},
            {"777-3", "160", "10*3/uL"}, {"6690-2", "4.2", "10*3/uL"}, {"770-8", "50", "%"}, {"3040-3", "30", "U/L"}, {"1798-8", "70", "U/L"}};
        for (LocalDate d = TODAY.minusDays(170); !d.isAfter(TODAY); d = d.plusDays(2)) {
            for (int draw = 0; draw < draws; draw++) {
                for (String[] lab : labs) {
                    out.add(observation(n++, lab[0], lab[1], lab[2], "%sT%02d:00:00+09:00".formatted(d, 8 + draw), "laboratory"));
                }
            }
        }
        out.add(observation(n++, "8302-2", "165", "cm", TODAY.minusDays(60).toString(), "vital-signs"));
        out.add(observation(n, "29463-7", "60", "kg", TODAY.minusDays(1).toString(), "vital-signs"));
        return out;
    }

    private static ObjectNode observation(int i, String loinc, String value, String unit, String when, String category) {
        return node("""
                {"resourceType":"Observation","id":"o%d","status":"final",
                 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"%s"}]}],
                 "code":{"coding":[{"system":"http://loinc.org","code":"%s"}]},"subject":{"reference":"Patient/p1"},
                 "effectiveDateTime":"%s","valueQuantity":{"value":%s,"unit":"%s","system":"http://unitsofmeasure.org","code":"%s"}}"""
                .formatted(i, category, loinc, when, value, unit, unit));
    }

    /** Lab-result looks for reading the history and reviewing an order-sign and a patient-view on it. */
    private static long looks(int draws) {
        var data = new PatientData("p1", Map.of("all", new PrefetchOutcome("all", PrefetchOutcome.Status.PREFETCHED, history(draws),
                Optional.empty())));
        long before = LOOKS.get();
        var record = reader.read(data);
        REVIEW.review(Hook.ORDER_SIGN, record, List.of(Orders.inotuzumab("1.00", TODAY).build()), TODAY);
        REVIEW.review(Hook.PATIENT_VIEW, record, List.of(), TODAY);
        return LOOKS.get() - before;
    }

    @Test
    void theWorkOfACallGrowsLinearlyWithTheHistory() {
        long heavy = looks(1);
        long heavy4 = looks(4);
        long heavy8 = looks(8);
        assertThat(heavy).as("the counter counts").isPositive();
        // a little over n × for the fixed part (doses, body measures) that does not grow; a quadratic scan would give 16 × and 64 ×
        assertThat((double) heavy4 / heavy).as("× 4 history: %d looks vs %d", heavy4, heavy).isLessThanOrEqualTo(4.0);
        assertThat((double) heavy8 / heavy).as("× 8 history: %d looks vs %d", heavy8, heavy).isLessThanOrEqualTo(8.0);
    }
}
