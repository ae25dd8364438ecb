package org.inocds.rules.family;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.DoseEntry;
import org.inocds.record.DraftOrder;
import org.inocds.regimen.BodySurfaceArea;
import org.inocds.regimen.BsaInputs;
import org.inocds.regimen.DoseSchedule;
import org.inocds.regimen.ExpectedDose;
import org.inocds.regimen.OrderPlacement;
import org.inocds.regimen.PlacedDose;
import org.inocds.regimen.Remission;
import org.inocds.regimen.DoseLevel;
import org.inocds.rules.Bullets;
import org.inocds.rules.DoseEvidence;
import org.inocds.rules.Finding;
import org.inocds.rules.Threshold.Unit;
import org.inocds.rules.Threshold;
import org.inocds.rules.Hook;
import org.inocds.rules.Indicator;
import org.inocds.rules.OrderChange;
import org.inocds.rules.OverrideReason;
import org.inocds.rules.Phrase;
import org.inocds.rules.PlacedOrderRule;
import org.inocds.rules.RuleContext;
import org.inocds.rules.RuleFamily;
import org.inocds.rules.RuleId;
import org.inocds.rules.RuleSettings;
import org.inocds.rules.Topic;

/**
 * DOSE-1, DOSE-2, DOSE-3, DOSE-5 — 用法・用量 and 用法・用量に関連する使用上の注意 1: the ordered mg against
 * mg/m² × level factor × BSA.
 *
 * <p>DOSE-1 fails visibly without a BSA. DOSE-3 (overdose) is critical at any level: a single dose over
 * 0.8 mg/m² × BSA × 1.10, or the cycle's doses with this one over 1.8 mg/m² (1.5 after CR/CRi) × level
 * factor × BSA by more than 2 %. At full level, DOSE-5 catches a day 1 from cycle 2 on still at 0.8 mg/m²
 * after CR/CRi, and DOSE-2 any other dose outside ± the tolerance; on order-select a correct dose shows the
 * calculation. Reduced levels belong to {@link DoseModificationRule}.
 */
public final class DoseRule implements PlacedOrderRule {

    @Override
    public List<RuleId> ids() {
        return RuleFamily.DOSE.rules();
    }

    private static final BigDecimal HUNDRED = new BigDecimal(100);
    static final BigDecimal SINGLE_DOSE_CAP_MG_PER_M2 = new BigDecimal("0.8");
    static final BigDecimal SINGLE_DOSE_MARGIN = new BigDecimal("1.10");
    static final BigDecimal CYCLE_CAP_MG_PER_M2 = new BigDecimal("1.8");
    static final BigDecimal CYCLE_CAP_AFTER_REMISSION_MG_PER_M2 = new BigDecimal("1.5");
    static final BigDecimal CYCLE_CAP_ROUNDING_MARGIN = new BigDecimal("1.02");

    @Override
    public List<Threshold> thresholds(RuleSettings s) {
        var d = s.dosing();
        return List.of(
                Threshold.setting("inocds.dosing.weight-window-days", "weight-window", d.weightWindowDays(), Unit.DAYS, RuleId.DOSE_1),
                Threshold.setting("inocds.dosing.height-window-days", "height-window", d.heightWindowDays(), Unit.DAYS, RuleId.DOSE_1),
                Threshold.setting("inocds.dosing.bsa-formula", "bsa-formula", d.bsaFormula(), Unit.WORD, RuleId.DOSE_1),
                Threshold.label("day1-dose", DoseSchedule.DAY1_MG_PER_M2, Unit.MG_PER_M2, RuleId.DOSE_2, RuleId.DOSE_5),
                Threshold.label("day8-15-dose", DoseSchedule.DAY8_15_MG_PER_M2, Unit.MG_PER_M2, RuleId.DOSE_2, RuleId.DOSE_5),
                Threshold.setting("inocds.dosing.dose-tolerance-percent", "dose-tolerance", d.doseTolerancePercent(),
                        Unit.PLUS_OR_MINUS_PERCENT, RuleId.DOSE_2, RuleId.DOSE_5),
                Threshold.label("single-dose-cap", SINGLE_DOSE_CAP_MG_PER_M2, Unit.MG_PER_M2, RuleId.DOSE_3),
                Threshold.service("single-dose-margin", SINGLE_DOSE_MARGIN, Unit.FACTOR, RuleId.DOSE_3),
                Threshold.label("cycle-cap", CYCLE_CAP_MG_PER_M2, Unit.MG_PER_M2, RuleId.DOSE_3),
                Threshold.label("cycle-cap-after-remission", CYCLE_CAP_AFTER_REMISSION_MG_PER_M2, Unit.MG_PER_M2, RuleId.DOSE_3),
                Threshold.service("cycle-cap-margin", CYCLE_CAP_ROUNDING_MARGIN, Unit.FACTOR, RuleId.DOSE_3),
                Threshold.setting("inocds.rules.marrow-blast-remission-percent", "marrow-blasts-remission",
                        s.rules().marrowBlastRemissionPercent(), Unit.PERCENT, RuleId.DOSE_5));
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx, DraftOrder order, OrderPlacement placement) {
        if (DoseLevel.discontinued(placement.doseLevel())) {
            return List.of(); // MOD-3 says discontinue
        }
        RuleSettings settings = ctx.settings();
        var bsaOutcome = settings.bsaOn(ctx.record(), order.plannedDate());
        if (bsaOutcome.bsa().isEmpty()) {
            return List.of(Finding.of(RuleId.DOSE_1, Topic.DATA_QUALITY, Indicator.WARNING, "bsa-unavailable")
                    .params(Map.of("problems", new Bullets(bsaOutcome.problems().stream().map(DoseRule::problem).toList())))
                    .dose(DoseEvidence.of(ctx, Optional.empty(), Optional.empty())).build());
        }
        BodySurfaceArea bsa = bsaOutcome.bsa().get();
        boolean remission = placement.remissionReached();
        ExpectedDose expected = placement.expectedDose(bsa.squareMeters());
        DoseEvidence evidence = DoseEvidence.of(ctx, Optional.of(bsa), Optional.of(expected));
        if (order.doseMg().isEmpty()) {
            // DQ-4 reports the missing dose; the calculation still helps while composing.
            return ctx.hook() == Hook.ORDER_SELECT && placement.doseLevel() == 0 ? List.of(calculation(evidence)) : List.of();
        }
        BigDecimal ordered = order.doseMg().get();
        // an overdose in any of the order's dose entries is an overdose (RULES "Dose entries"): when its entries disagree
        // (DQ-4 says so), the largest is the one that may be given
        BigDecimal largest = order.doseEntries().stream().filter(e -> e.unit() == DoseEntry.Unit.MG).map(DoseEntry::value)
                .reduce(ordered, BigDecimal::max);
        // the card names the entry that overdoses, not the first one (e24: "1.00 mg exceeds 1.76 mg" read as nonsense)
        var overdosing = largest.compareTo(ordered) == 0 ? evidence : new DoseEvidence(evidence.position(), evidence.plannedDate(),
                evidence.bsa(), evidence.expected(), Optional.of(largest), evidence.placement(), evidence.timeline());
        Optional<Finding> overdose = overdose(ctx, placement, bsa, expected, largest, overdosing, order);
        if (overdose.isPresent()) {
            return List.of(overdose.get());
        }
        Optional<Finding> unconfirmed = responseToConfirm(ctx, placement, bsa, evidence);
        if (unconfirmed.isPresent()) {
            return List.of(unconfirmed.get());
        }
        if (placement.doseLevel() > 0) {
            return List.of();
        }
        if (placement.cycle() >= 2 && placement.day() == 1 && remission
                && within(ordered, ExpectedDose.of(DoseSchedule.DAY1_MG_PER_M2, 0, bsa.squareMeters()).mg(), settings)) {
            return List.of(Finding.of(RuleId.DOSE_5, Topic.DOSE, Indicator.WARNING, "day1-after-remission")
                    .params(Map.of("remissionDate", ctx.timeline().remissionSince().orElseThrow())).dose(evidence)
                    .change(OrderChange.ChangeDose.to(order.reference(), expected)).reasons(OverrideReason.EHR_DATA_OUTDATED).build());
        }
        if (within(ordered, expected.mg(), settings)) {
            return ctx.hook() == Hook.ORDER_SELECT ? List.of(calculation(evidence)) : List.of();
        }
        return List.of(Finding.of(RuleId.DOSE_2, Topic.DOSE, Indicator.WARNING, "mismatch")
                .params(Map.of("deviationPercent", deviation(ordered, expected.mg()), "tolerancePercent", settings.dosing().doseTolerancePercent()))
                .dose(evidence).change(OrderChange.ChangeDose.to(order.reference(), expected))
                .reasons(OverrideReason.DOSE_ROUNDED_BY_SITE_PRACTICE, OverrideReason.BODY_SIZE_BY_SITE_POLICY, OverrideReason.EHR_DATA_OUTDATED)
                .build());
    }

    static Optional<Finding> overdose(RuleContext ctx, OrderPlacement placement, BodySurfaceArea bsa,
            ExpectedDose expected, BigDecimal ordered, DoseEvidence evidence, DraftOrder order) {
        BigDecimal singleCap = SINGLE_DOSE_CAP_MG_PER_M2.multiply(bsa.squareMeters()).multiply(SINGLE_DOSE_MARGIN)
                .setScale(2, RoundingMode.HALF_UP);
        BigDecimal givenInCycle = ctx.timeline().cycles().stream()
                .filter(c -> c.number() == placement.cycle())
                .flatMap(c -> c.doses().stream())
                .map(PlacedDose::mg)
                .flatMap(Optional::stream)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal perM2 = day1DueAtResponseDose(ctx, placement) ? CYCLE_CAP_AFTER_REMISSION_MG_PER_M2 : CYCLE_CAP_MG_PER_M2;
        BigDecimal cycleCap = perM2.multiply(expected.levelFactor()).multiply(bsa.squareMeters()).setScale(2, RoundingMode.HALF_UP);
        BigDecimal cycleTotal = givenInCycle.add(ordered);
        boolean singleOver = ordered.compareTo(singleCap) > 0;
        boolean cycleOver = cycleTotal.compareTo(cycleCap.multiply(CYCLE_CAP_ROUNDING_MARGIN)) > 0;
        if (!singleOver && !cycleOver) {
            return Optional.empty();
        }
        // 用法・用量 (1 サイクルあたりの最大投与量): when the doses already given leave less than the expected dose under the
        // cycle's cap, proposing the expected dose would propose an overdose too (often the dose already ordered). The
        // label names no smaller dose, so the card shows what remains and proposes none: the prescriber decides.
        boolean expectedAlsoOver = !singleOver
                && givenInCycle.add(expected.mg()).compareTo(cycleCap.multiply(CYCLE_CAP_ROUNDING_MARGIN)) > 0;
        var finding = Finding.of(RuleId.DOSE_3, Topic.DOSE, Indicator.CRITICAL, singleOver ? "single" : expectedAlsoOver ? "cycle-spent" : "cycle")
                .params(Map.of("singleCapMg", singleCap, "cycleCapMg", cycleCap, "cycleCapPerM2", perM2.multiply(expected.levelFactor()).stripTrailingZeros(),
                        "givenInCycleMg", givenInCycle.setScale(2, RoundingMode.HALF_UP), "cycleTotalMg", cycleTotal.setScale(2, RoundingMode.HALF_UP),
                        "remainingMg", cycleCap.subtract(givenInCycle).max(BigDecimal.ZERO).setScale(2, RoundingMode.HALF_UP)))
                .dose(evidence).reasons(OverrideReason.EHR_DATA_OUTDATED);
        if (!expectedAlsoOver) {
            finding.change(OrderChange.ChangeDose.to(order.reference(), expected));
        }
        return Optional.of(finding.build());
    }

    /**
     * Whether the order's cycle had its day 1 due at 0.5 mg/m² (用法・用量: from cycle 2 on, once CR/CRi was reached before
     * that day 1): then its cap is 1.5 mg/m², else 1.8. CR/CRi reached inside a cycle never lowers that cycle's total —
     * the label's 0.5 applies to the day 1 of later cycles only (the label digest "Regimen").
     */
    static boolean day1DueAtResponseDose(RuleContext ctx, OrderPlacement placement) {
        if (placement.cycle() < 2) {
            return false;
        }
        if (placement.day() == 1) {
            return placement.remissionReached();
        }
        return ctx.timeline().cycles().stream().filter(c -> c.number() == placement.cycle()).findFirst()
                .map(c -> ctx.timeline().remissionReached(c.day1())).orElse(placement.remissionReached());
    }

    /**
     * A day 1 from cycle 2 on with marrow blasts under 5 % but not every criterion of CR/CRi shown (the label digest "Regimen"): the
     * label's day-1 dose depends on the response, so the card names what is missing and shows both doses, and the
     * clinician confirms the response status (用法・用量に関連する使用上の注意 1).
     */
    private static Optional<Finding> responseToConfirm(RuleContext ctx, OrderPlacement placement, BodySurfaceArea bsa, DoseEvidence evidence) {
        if (placement.cycle() < 2 || placement.day() != 1 || placement.remissionReached() || ctx.timeline().isEmpty()) {
            return Optional.empty();
        }
        var assessment = Remission.assess(ctx.record(), Optional.of(ctx.timeline().cycles().get(0).day1()),
                ctx.settings().rules().marrowBlastRemissionPercent());
        return assessment.unconfirmed().map(u -> {
            List<String> items = u.missing().stream().map(m -> switch (m) {
                case PERIPHERAL_BLAST_RESULT -> "peripheral-blast-result";
                case EXTRAMEDULLARY_DISEASE_ACTIVE -> "extramedullary-disease";
            }).toList();
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("marrowPercent", u.marrow().value().stripTrailingZeros());
            params.put("marrowDate", u.marrow().date());
            params.put("noResponseMg", ExpectedDose.of(DoseSchedule.DAY1_MG_PER_M2, placement.doseLevel(), bsa.squareMeters()).mg());
            params.put("responseMg", ExpectedDose.of(DoseSchedule.DAY8_15_MG_PER_M2, placement.doseLevel(), bsa.squareMeters()).mg());
            params.put("items", Bullets.items(RuleId.DOSE_5.messageKey("response-unconfirmed.item."), items));
            return Finding.of(RuleId.DOSE_5, Topic.DOSE, Indicator.WARNING, "response-unconfirmed").params(params)
                    .dose(evidence).reasons(OverrideReason.EHR_DATA_OUTDATED).build();
        });
    }

    static boolean within(BigDecimal ordered, BigDecimal expected, RuleSettings settings) {
        BigDecimal allowed = expected.multiply(settings.dosing().doseTolerancePercent()).divide(HUNDRED);
        return ordered.subtract(expected).abs().compareTo(allowed) <= 0;
    }

    static BigDecimal deviation(BigDecimal ordered, BigDecimal expected) {
        return ordered.subtract(expected).multiply(HUNDRED).divide(expected, 1, RoundingMode.HALF_UP);
    }

    private static Finding calculation(DoseEvidence evidence) {
        return Finding.of(RuleId.DOSE_2, Topic.DOSE, Indicator.INFO, "calculation").dose(evidence).build();
    }

    /** Why no BSA could be had (DOSE-1): the input missing or too old, with its window and newest date. */
    private static Phrase problem(BsaInputs.Problem problem) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("window", problem.windowDays());
        problem.newestDate().ifPresent(d -> values.put("date", d));
        return new Phrase(RuleId.DOSE_1.messageKey("problem." + problem.input()) + (problem.newestDate().isPresent() ? ".stale" : ".none"), values);
    }
}
