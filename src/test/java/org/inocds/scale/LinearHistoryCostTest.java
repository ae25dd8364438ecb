package org.inocds.scale;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatchers;
import org.inocds.knowledge.CodeSets;
import org.inocds.knowledge.Units;
import org.inocds.reader.HapiPatientRecordReader;
import org.inocds.reader.PatientData;
import org.inocds.reader.PrefetchOutcome;
import org.inocds.reader.ValueSetReader;
import org.inocds.rules.Hook;
import org.inocds.rules.PatientReview;
import org.inocds.support.FixedClockConfiguration;
import org.inocds.support.Orders;
import org.inocds.support.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.inocds.rules.family.StandardRuleBook;

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

    private static final LocalDate TODAY = LocalDate.of(2026, 1, 10);
    private static HapiPatientRecordReader reader;
    private static final PatientReview REVIEW = new PatientReview(StandardRuleBook.create(), Settings.defaults());

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
        reader = new HapiPatientRecordReader(fhir, ValueSetReader.codeSets(fhir, List.of("classpath:fhir-resources/knowledge/*.json")), new Units(), FixedClockConfiguration.ZONE);
    }

    /** Lab-result looks for reading the history and reviewing an order-sign and a patient-view on it. */
    private static long looks(int draws) {
        var data = new PatientData("p1", Map.of("all", new PrefetchOutcome("all", PrefetchOutcome.Status.PREFETCHED, org.inocds.bench.HeavyPatient.resources("p1", draws, true),
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
