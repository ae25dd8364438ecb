package org.inocds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.Patients.patient;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.inocds.record.CycleDay;
import org.inocds.record.DraftOrder;
import org.inocds.record.PatientRecord;
import org.inocds.regimen.BsaFormula;
import org.inocds.regimen.RegimenPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DOSE-1, DOSE-2: expected C1D1 dose 0.8 × 2.00 = 1.60 mg, tolerance ±5 % = ±0.08 mg. */
class DoseRuleTest {

    private static final LocalDate DAY = LocalDate.of(2026, 1, 10);
    private static final RuleSettings SETTINGS = new RuleSettings(BsaFormula.MOSTELLER, new BigDecimal("5"), 30, 365);
    private static final PatientRecord PATIENT = patient().height("178", DAY.minusDays(20)).weight("81", DAY.minusDays(1)).build();
    private final DoseRule rule = new DoseRule();

    private static DraftOrder order(String mg) {
        return new DraftOrder("MedicationRequest/d1", true, Optional.ofNullable(mg).map(BigDecimal::new),
                Optional.empty(), Optional.empty(), DAY, DraftOrder.PlannedDateSource.TIMING_EVENT, Optional.empty());
    }

    private static RuleContext ctx(Hook hook, PatientRecord record, DraftOrder order, RegimenPosition position) {
        return new RuleContext(hook, record, Optional.of(order), Optional.ofNullable(position), DAY, SETTINGS);
    }

    private static RegimenPosition c1d1() {
        return new RegimenPosition(new CycleDay(1, 1), 0, false, RegimenPosition.Source.FIRST_DOSE);
    }

    @ParameterizedTest(name = "ordered {0} mg against 1.60 mg → warning: {1}")
    @CsvSource({"1.60, false", "1.68, false", "1.69, true", "1.52, false", "1.51, true", "2.00, true", "0.16, true"})
    void toleranceIsFivePercentEitherSide(String ordered, boolean warns) {
        var findings = rule.evaluate(ctx(Hook.ORDER_SIGN, PATIENT, order(ordered), c1d1()));
        assertThat(findings).extracting(Finding::indicator)
                .containsExactlyElementsOf(warns ? List.of(Indicator.WARNING) : List.of());
        if (warns) {
            Finding f = findings.get(0);
            assertThat(f.rules()).containsExactly("DOSE-2");
            assertThat(f.change()).contains(new OrderChange.ChangeDose("MedicationRequest/d1", new BigDecimal("1.60")));
            assertThat(f.dose().orElseThrow().expected().orElseThrow().mg()).isEqualByComparingTo("1.60");
        }
    }

    @Test
    void orderSelectShowsTheCalculationForACorrectDose() {
        var findings = rule.evaluate(ctx(Hook.ORDER_SELECT, PATIENT, order("1.60"), c1d1()));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.indicator()).isEqualTo(Indicator.INFO);
            assertThat(f.messageKey()).isEqualTo("dose-2.calculation");
            assertThat(f.change()).isEmpty();
        });
    }

    @Test
    void noBsaGivesDose1AndNoVerdict() {
        var record = patient().height("178", DAY.minusDays(20)).weight("81", DAY.minusDays(31)).build();
        var findings = rule.evaluate(ctx(Hook.ORDER_SIGN, record, order("9.99"), c1d1()));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rules()).containsExactly("DOSE-1");
            assertThat(f.topic()).isEqualTo(Topic.DATA_QUALITY);
            assertThat(f.dose().orElseThrow().expected()).isEmpty();
            assertThat(f.change()).isEmpty();
        });
    }

    @Test
    void reducedLevelAndRemissionChangeTheExpectedDose() {
        // C2D1 after CR/CRi at level 1: 0.5 × 0.75 × 2.00 = 0.75 mg
        var position = new RegimenPosition(new CycleDay(2, 1), 1, true, RegimenPosition.Source.INFERRED);
        assertThat(rule.evaluate(ctx(Hook.ORDER_SIGN, PATIENT, order("0.75"), position))).isEmpty();
        var findings = rule.evaluate(ctx(Hook.ORDER_SIGN, PATIENT, order("1.60"), position));
        assertThat(findings.get(0).change()).contains(new OrderChange.ChangeDose("MedicationRequest/d1", new BigDecimal("0.75")));
    }

    @Test
    void silentWithoutAPositionOrForOtherDrugs() {
        assertThat(rule.evaluate(ctx(Hook.ORDER_SIGN, PATIENT, order("9"), null))).isEmpty();
        var other = new DraftOrder("MedicationRequest/x", false, Optional.of(BigDecimal.ONE), Optional.empty(),
                Optional.empty(), DAY, DraftOrder.PlannedDateSource.TODAY, Optional.empty());
        assertThat(rule.evaluate(ctx(Hook.ORDER_SIGN, PATIENT, other, c1d1()))).isEmpty();
    }
}
