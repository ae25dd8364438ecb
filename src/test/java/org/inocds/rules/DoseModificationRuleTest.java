package org.inocds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.Patients.patient;
import static org.inocds.support.RuleRuns.run;

import java.math.BigDecimal;
import java.util.Optional;
import java.time.LocalDate;
import java.util.List;
import org.inocds.record.PatientRecord;
import org.inocds.support.Orders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.inocds.rules.family.DoseModificationRule;

/** MOD-3, MOD-4, DOSE-4. BSA 2.00 m²; C1 on D1, D1+7, D1+14; C2D1 due D1+21. */
class DoseModificationRuleTest {

    private static final LocalDate D1 = LocalDate.of(2025, 10, 1);
    private final DoseModificationRule rule = new DoseModificationRule();

    private static org.inocds.support.Patients cycle1() {
        var p = patient().height("178", D1.minusDays(10));
        for (int day = 0; day <= 150; day += 25) {
            p.weight("81", D1.plusDays(day)); // a weight within 30 days of every date used
        }
        return p.dose(D1, "1.60").dose(D1.plusDays(7), "1.00").dose(D1.plusDays(14), "1.00");
    }

    @Test
    void reducedDoseFollowedIsInfoAndNotFollowedIsAWarningWithTheReducedDose() {
        PatientRecord record = cycle1().build();
        LocalDate late = D1.plusDays(21 + 16); // C2D1 16 days late → level 1: 0.6 × 2.00 = 1.20 mg
        assertThat(run(rule, record, Orders.inotuzumab("1.20", late).build())).singleElement().satisfies(f -> {
            assertThat(f.rules()).containsExactly("MOD-3");
            assertThat(f.indicator()).isEqualTo(Indicator.INFO);
            assertThat(f.topic()).isEqualTo(Topic.DOSE_MODIFICATION);
        });
        assertThat(run(rule, record, Orders.inotuzumab("1.60", late).build())).singleElement().satisfies(f -> {
            assertThat(f.rules()).containsExactly("MOD-3");
            assertThat(f.indicator()).isEqualTo(Indicator.WARNING);
            assertThat(f.change()).contains(new OrderChange.ChangeDose("MedicationRequest/d1", new BigDecimal("1.20"), Optional.of(new BigDecimal("0.6"))));
        });
    }

    /** Clinical review finding 11: the data cannot tell a hold for toxicity from a late dose for other reasons. */
    @Test
    void everyDoseModificationCardOffersTheDelayWasNotAHoldForToxicity() {
        PatientRecord record = cycle1().build();
        LocalDate late = D1.plusDays(21 + 30); // 30 days late: level 1, and MOD-4
        for (String mg : List.of("1.20", "1.60")) {
            assertThat(run(rule, record, Orders.inotuzumab(mg, late).build())).isNotEmpty()
                    .allSatisfy(f -> assertThat(f.overrideReasons()).contains(OverrideReason.DELAY_NOT_FOR_TOXICITY));
        }
        var levelThree = cycle1().dose(D1.plusDays(35), "1.20").dose(D1.plusDays(42), "0.75").dose(D1.plusDays(49), "0.75")
                .dose(D1.plusDays(77), "1.20").dose(D1.plusDays(84), "0.75").build();
        assertThat(run(rule, levelThree, Orders.inotuzumab("1.20", D1.plusDays(119)).build())).isNotEmpty()
                .allSatisfy(f -> assertThat(f.overrideReasons()).contains(OverrideReason.DELAY_NOT_FOR_TOXICITY));
    }

    @Test
    void raisingTheDoseAfterAReducedCycleIsDose4() {
        // C2D1 at D1+35 (14 late) → level 1 given at 1.20; C3D1 due D1+63 on time; ordered at full 1.60
        var record = cycle1().dose(D1.plusDays(35), "1.20").dose(D1.plusDays(42), "0.75").dose(D1.plusDays(49), "0.75").build();
        var findings = run(rule, record, Orders.inotuzumab("1.60", D1.plusDays(63)).build());
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rules()).containsExactly("MOD-3", "DOSE-4");
            assertThat(f.change()).contains(new OrderChange.ChangeDose("MedicationRequest/d1", new BigDecimal("1.20"), Optional.of(new BigDecimal("0.6"))));
        });
    }

    @Test
    void levelThreeMeansDiscontinue() {
        var record = cycle1().dose(D1.plusDays(35), "1.20").dose(D1.plusDays(42), "0.75").dose(D1.plusDays(49), "0.75")
                .dose(D1.plusDays(77), "1.20").dose(D1.plusDays(84), "0.75").build();
        var findings = run(rule, record, Orders.inotuzumab("1.20", D1.plusDays(119)).build());
        assertThat(findings).extracting(Finding::primaryRule).contains("MOD-3");
        var discontinue = findings.stream().filter(f -> f.topic() == Topic.DISCONTINUE).findFirst().orElseThrow();
        assertThat(discontinue.indicator()).isEqualTo(Indicator.CRITICAL);
        assertThat(discontinue.change()).containsInstanceOf(OrderChange.CancelOrder.class);
    }

    @ParameterizedTest(name = "C2D1 {0} days late → MOD-4: {1}")
    @CsvSource({"28, false", "29, true"})
    void holdOverTwentyEightDaysAsksToConsiderStopping(int late, boolean consider) {
        var findings = run(rule, cycle1().build(), Orders.inotuzumab("1.20", D1.plusDays(21 + late)).build());
        assertThat(findings.stream().anyMatch(f -> f.rules().contains("MOD-4"))).isEqualTo(consider);
    }
}
