package org.inocds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.Patients.patient;
import static org.inocds.support.RuleRuns.context;
import static org.inocds.support.RuleRuns.run;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.inocds.record.PatientRecord;
import org.inocds.regimen.OrderPlacement;
import org.inocds.regimen.PlacedDose;
import org.inocds.support.Orders;
import org.inocds.support.Settings;
import org.junit.jupiter.api.Test;
import org.inocds.rules.family.DoseRule;
import org.inocds.rules.family.ScheduleRule;

/**
 * RULES §1 "One dosing day, one dose" at the rules: a day 8 given as two records (an infusion stopped for a reaction at
 * 0.60 mg and resumed at 0.40 mg) is day 8, once; the order a week later is day 15 on time, and the cycle's total counts
 * the day's 1.00 mg once. Before, the second record filled day 15 and the order became an early C2D1 (SCHED-4).
 * 178 cm / 81 kg → 2.00 m²: C1D1 1.60 mg, days 8 and 15 1.00 mg, cycle cap 1.8 mg/m² = 3.60 mg.
 */
class OneDosingDayTest {

    private static final LocalDate D1 = LocalDate.of(2025, 12, 27);

    private static PatientRecord splitDay8(String firstMg, String secondMg) {
        return patient().height("178", D1.minusDays(10)).weight("81", D1).dose(D1, "1.60")
                .partialDose(D1.plusDays(7), firstMg).dose(D1.plusDays(7), secondMg).build();
    }

    @Test
    void theDayAfterAnInterruptedDay8IsDay15OnTime() {
        var record = splitDay8("0.60", "0.40");
        var order = Orders.inotuzumab("1.00", D1.plusDays(14)).build();
        OrderPlacement placement = context(Hook.ORDER_SIGN, record, order, List.of(), Settings.defaults()).placedOrder().orElseThrow()
                .placement();
        assertThat(placement.cycle()).isEqualTo(1);
        assertThat(placement.day()).isEqualTo(15);
        assertThat(placement.delayDays()).isZero();
        assertThat(placement.dosesGivenInCycle()).isEqualTo(2);
        assertThat(run(new ScheduleRule(), record, order)).isEmpty();
        assertThat(run(new DoseRule(), record, order)).extracting(Finding::indicator).doesNotContain(Indicator.WARNING, Indicator.CRITICAL);
        var day8 = PatientReview.timeline(record, Settings.defaults()).cycles().get(0).doses().get(1);
        assertThat(day8.day()).isEqualTo(8);
        assertThat(day8.mg()).hasValueSatisfying(mg -> assertThat(mg).isEqualByComparingTo("1.00"));
        assertThat(day8.partial()).isTrue();
    }

    /** The cycle's total counts the day's sum once: 1.60 + 1.00 + 1.20 = 3.80 mg > 3.60 × 1.02. */
    @Test
    void theCycleTotalCountsTheDayOnce() {
        var record = splitDay8("0.60", "0.40");
        var findings = run(new DoseRule(), record, Orders.inotuzumab("1.20", D1.plusDays(14)).build());
        assertThat(findings).filteredOn(f -> f.rules().contains("DOSE-3")).singleElement().satisfies(f -> {
            assertThat(f.params().get("givenInCycleMg")).asString().isEqualTo("2.60");
            assertThat(f.params().get("cycleTotalMg")).asString().isEqualTo("3.80");
            assertThat(f.params()).containsEntry("cycleCapMg", new BigDecimal("3.60"));
        });
        // at 1.00 mg the total is exactly the cap: no overdose
        assertThat(run(new DoseRule(), record, Orders.inotuzumab("1.00", D1.plusDays(14)).build()))
                .noneSatisfy(f -> assertThat(f.rules()).contains("DOSE-3"));
    }

    @Test
    void aDayWithAPartOfUnknownDoseIsGivenButItsDoseUnknown() {
        var record = patient().height("178", D1.minusDays(10)).weight("81", D1).dose(D1, "1.60")
                .partialDose(D1.plusDays(7), "0.60").dose(D1.plusDays(7), null).build();
        assertThat(record.inotuzumabDoses()).hasSize(2);
        PlacedDose day8 = PatientReview.timeline(record, Settings.defaults()).cycles().get(0).doses().get(1);
        assertThat(day8.day()).isEqualTo(8);
        assertThat(day8.mg()).isEmpty();
        assertThat(run(new ScheduleRule(), record, Orders.inotuzumab("1.00", D1.plusDays(14)).build())).isEmpty();
    }

    /** A stopped part is never read as an intended reduction: 0.40 mg alone on day 8 would have set level 1 (≤ 80 %). */
    @Test
    void aStoppedPartDoesNotLowerTheLevel() {
        var record = patient().height("178", D1.minusDays(10)).weight("81", D1).dose(D1, "1.60")
                .partialDose(D1.plusDays(7), "0.20").dose(D1.plusDays(7), "0.20").build();
        var timeline = PatientReview.timeline(record, Settings.defaults());
        assertThat(timeline.levelChanges()).isEmpty();
        assertThat(timeline.cycles().get(0).doses()).extracting(PlacedDose::day).containsExactly(1, 8);
    }
}
