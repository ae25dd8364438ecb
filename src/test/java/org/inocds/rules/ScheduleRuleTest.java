package org.inocds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.Patients.patient;
import static org.inocds.support.RuleRuns.run;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.inocds.record.PatientRecord;
import org.inocds.support.Orders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.inocds.rules.family.ScheduleRule;

/** SCHED-1…4, MOD-1, MOD-2. */
class ScheduleRuleTest {

    private static final LocalDate D1 = LocalDate.of(2025, 10, 1);
    private final ScheduleRule rule = new ScheduleRule();

    private static PatientRecord given(int... plusDays) {
        var p = patient().height("178", D1.minusDays(10)).weight("81", D1);
        for (int plus : plusDays) {
            p.dose(D1.plusDays(plus), null);
        }
        return p.build();
    }

    @ParameterizedTest(name = "{0} days after the last dose → SCHED-1: {1}")
    @CsvSource({"5, true", "6, false"})
    void atLeastSixDaysBetweenDoses(int days, boolean tooSoon) {
        var findings = run(rule, given(0), Orders.inotuzumab("1.00", D1.plusDays(days)).build());
        assertThat(findings.stream().anyMatch(f -> f.rules().contains("SCHED-1"))).isEqualTo(tooSoon);
        if (tooSoon) {
            var f = findings.stream().filter(x -> x.rules().contains("SCHED-1")).findFirst().orElseThrow();
            assertThat(f.indicator()).isEqualTo(Indicator.CRITICAL);
            assertThat(f.change()).containsInstanceOf(OrderChange.CancelOrder.class);
            assertThat(f.params()).containsEntry("earliest", D1.plusDays(6));
        }
    }

    @ParameterizedTest(name = "cycle 2 day 15 ordered {0} days late → omit (SCHED-2): {1}")
    @CsvSource({"6, false", "7, true", "8, true"})
    void dayFifteenHeldSevenDaysIsOmitted(int late, boolean omit) {
        // C2D1 at D1+21, D8 at D1+28; D15 due D1+35
        var findings = run(rule, given(0, 7, 14, 21, 28), Orders.inotuzumab("1.00", D1.plusDays(35 + late)).build());
        assertThat(findings).extracting(Finding::primaryRule).containsExactly(omit ? "SCHED-2" : "MOD-1");
        if (omit) {
            assertThat(findings.get(0).rules()).containsExactly("SCHED-2", "MOD-2");
            assertThat(findings.get(0).params()).containsEntry("nextDay1", D1.plusDays(49));
            assertThat(findings.get(0).change()).containsInstanceOf(OrderChange.CancelOrder.class);
        }
    }

    @Test
    void shortDelayIsPostponedWithinTheCycleAndNamesSkippedDays() {
        var findings = run(rule, given(0), Orders.inotuzumab("1.00", D1.plusDays(15)).build());
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rules()).containsExactly("MOD-1");
            assertThat(f.indicator()).isEqualTo(Indicator.INFO);
            assertThat(f.params()).containsEntry("delay", 1).containsEntry("skipped", List.of(new Phrase("phrase.slot", Map.of("day", 8))));
        });
        assertThat(run(rule, given(0), Orders.inotuzumab("1.00", D1.plusDays(7)).build())).isEmpty();
    }

    @Test
    void dayOneBeforeTheCycleEndsIsCritical() {
        var findings = run(rule, given(0, 7, 14), Orders.inotuzumab("1.60", D1.plusDays(20)).build());
        assertThat(findings).extracting(Finding::primaryRule).containsExactly("SCHED-4");
        assertThat(findings.get(0).params()).containsEntry("earlyDays", 1).containsEntry("due", D1.plusDays(21));
        assertThat(run(rule, given(0, 7, 14), Orders.inotuzumab("1.60", D1.plusDays(21)).build())).isEmpty();
    }

    @Test
    void aFourthDoseInACycleIsCritical() {
        var findings = run(rule, given(0, 7, 14), Orders.inotuzumab("1.00", D1.plusDays(15)).explicit(1, 15).build());
        assertThat(findings).extracting(Finding::primaryRule).contains("SCHED-3");
    }

    /** Clinical review finding 6: two inotuzumab drafts in one call less than 6 days apart (SCHED-5). */
    @org.junit.jupiter.params.ParameterizedTest(name = "second draft {0} days after the first → SCHED-5: {1}")
    @CsvSource({"0, true", "5, true", "6, false"})
    void twoInotuzumabDraftsInOneCall(int days, boolean duplicate) {
        var record = given(0, 7, 14);
        var first = Orders.inotuzumab("1.60", D1.plusDays(21)).reference("MedicationRequest/a").build();
        var second = Orders.inotuzumab("1.60", D1.plusDays(21 + days)).reference("MedicationRequest/b").build();
        var onSecond = rule.evaluate(org.inocds.support.RuleRuns.context(Hook.ORDER_SIGN, record, second, java.util.List.of(first),
                org.inocds.support.Settings.defaults())).stream().filter(f -> f.rules().contains("SCHED-5")).toList();
        var onFirst = rule.evaluate(org.inocds.support.RuleRuns.context(Hook.ORDER_SIGN, record, first, java.util.List.of(second),
                org.inocds.support.Settings.defaults())).stream().filter(f -> f.rules().contains("SCHED-5")).toList();
        assertThat(onFirst).as("one card per pair, on the later draft").isEmpty();
        if (!duplicate) {
            assertThat(onSecond).isEmpty();
            return;
        }
        assertThat(onSecond).singleElement().satisfies(f -> {
            assertThat(f.indicator()).isEqualTo(Indicator.CRITICAL);
            assertThat(f.topic()).isEqualTo(Topic.SCHEDULE);
            assertThat(f.change()).contains(new OrderChange.CancelOrder("MedicationRequest/b"));
            // the other order is named by its date, its id stays in the action (issue 23: no FHIR id in clinician text)
            assertThat(f.params()).containsEntry("days", (long) days).containsKey("otherDate").doesNotContainKey("other");
        });
    }
}
