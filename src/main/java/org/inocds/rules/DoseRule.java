package org.inocds.rules;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.DraftOrder;
import org.inocds.regimen.BsaInputs;
import org.inocds.regimen.DoseSchedule;
import org.inocds.regimen.ExpectedDose;
import org.inocds.regimen.RegimenPosition;

/**
 * DOSE-1, DOSE-2 — 用法・用量 and 用法・用量に関連する使用上の注意 1: the ordered mg against mg/m² × BSA.
 *
 * <p>DOSE-1 fails visibly when no BSA can be had (no verdict on the dose then). DOSE-2 accepts an order
 * within ± the tolerance (default 5 %) of the expected dose and otherwise proposes the expected dose; on
 * order-select a correct dose still gets an info card with the calculation, on order-sign it stays quiet.
 */
public final class DoseRule implements Rule {

    private static final BigDecimal HUNDRED = new BigDecimal(100);

    @Override
    public List<Finding> evaluate(RuleContext ctx) {
        Optional<DraftOrder> maybeOrder = ctx.order().filter(DraftOrder::inotuzumab);
        if (maybeOrder.isEmpty() || ctx.position().isEmpty()) {
            return List.of();
        }
        DraftOrder order = maybeOrder.get();
        RegimenPosition position = ctx.position().get();
        RuleSettings settings = ctx.settings();

        var bsaOutcome = BsaInputs.resolve(
                ctx.record(), order.plannedDate(), settings.bsaFormula(),
                settings.weightWindowDays(), settings.heightWindowDays());
        if (bsaOutcome.bsa().isEmpty()) {
            var evidence = new DoseEvidence(position, order.plannedDate(), Optional.empty(), Optional.empty(), order.doseMg());
            return List.of(new Finding(
                    List.of("DOSE-1"), Topic.DATA_QUALITY, Indicator.WARNING, "dose-1.bsa-unavailable",
                    Map.of("problems", bsaOutcome.problems()), Optional.of(evidence), Optional.empty(),
                    List.of()));
        }
        var bsa = bsaOutcome.bsa().get();
        BigDecimal fullPerM2 = DoseSchedule.fullMgPerM2(position.cycle(), position.day(), position.remissionReached());
        ExpectedDose expected = ExpectedDose.of(fullPerM2, position.doseLevel(), bsa.squareMeters());
        var evidence = new DoseEvidence(position, order.plannedDate(), Optional.of(bsa), Optional.of(expected), order.doseMg());

        if (order.doseMg().isEmpty()) {
            // DQ-4 reports the missing dose; the calculation is still worth showing while composing.
            return ctx.hook() == Hook.ORDER_SELECT ? List.of(calculation(evidence)) : List.of();
        }
        BigDecimal ordered = order.doseMg().get();
        BigDecimal allowed = expected.mg().multiply(settings.doseTolerancePercent()).divide(HUNDRED);
        boolean withinTolerance = ordered.subtract(expected.mg()).abs().compareTo(allowed) <= 0;
        if (withinTolerance) {
            return ctx.hook() == Hook.ORDER_SELECT ? List.of(calculation(evidence)) : List.of();
        }
        BigDecimal deviationPercent = ordered.subtract(expected.mg())
                .multiply(HUNDRED)
                .divide(expected.mg(), 1, java.math.RoundingMode.HALF_UP);
        return List.of(new Finding(
                List.of("DOSE-2"), Topic.DOSE, Indicator.WARNING, "dose-2.mismatch",
                Map.of("deviationPercent", deviationPercent, "tolerancePercent", settings.doseTolerancePercent()),
                Optional.of(evidence),
                Optional.of(new OrderChange.ChangeDose(order.reference(), expected.mg())),
                List.of()));
    }

    private static Finding calculation(DoseEvidence evidence) {
        return new Finding(
                List.of("DOSE-2"), Topic.DOSE, Indicator.INFO, "dose-2.calculation",
                Map.of(), Optional.of(evidence), Optional.empty(), List.of());
    }
}
