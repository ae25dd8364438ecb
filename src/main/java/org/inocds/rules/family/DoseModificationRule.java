package org.inocds.rules.family;


import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.DraftOrder;
import org.inocds.regimen.ExpectedDose;
import org.inocds.regimen.OrderPlacement;
import org.inocds.regimen.DoseLevel;
import org.inocds.rules.DoseEvidence;
import org.inocds.rules.Finding;
import org.inocds.regimen.RegimenTimeline;
import org.inocds.regimen.DoseSchedule;
import org.inocds.rules.Threshold.Unit;
import org.inocds.rules.Threshold;
import org.inocds.rules.RuleSettings;
import org.inocds.rules.Indicator;
import org.inocds.rules.OrderChange;
import org.inocds.rules.OverrideReason;
import org.inocds.rules.PlacedOrderRule;
import org.inocds.rules.RuleContext;
import org.inocds.rules.RuleFamily;
import org.inocds.rules.RuleId;
import org.inocds.rules.Topic;

/**
 * MOD-3, MOD-4, DOSE-4 — 用法・用量に関連する使用上の注意 4 [用量調節基準] and "減量を行った場合は、再度増量しない".
 *
 * <p>The level comes from the timeline (each hold of 14 days or more; a reduced dose given). Level 3 means
 * discontinue (critical, cancel the order). At levels 1 and 2 the order is held to the reduced dose: a
 * matching order gets an info card showing why, any other a warning proposing the reduced dose — naming
 * DOSE-4 too when a reduced cycle was already given (no re-escalation). A hold of more than 28 days, past or
 * in this order, asks to consider discontinuation (MOD-4).
 */
public final class DoseModificationRule implements PlacedOrderRule {

    @Override
    public List<RuleId> ids() {
        return RuleFamily.DOSE_MODIFICATION.rules();
    }

    public static final int CONSIDER_DISCONTINUATION_AFTER_DAYS = 28;

    @Override
    public List<Threshold> thresholds(RuleSettings s) {
        return List.of(
                Threshold.label("hold-lowering-level", RegimenTimeline.HOLD_RAISING_LEVEL_DAYS, Unit.DAYS, RuleId.MOD_3),
                Threshold.label("reduced-factor", DoseSchedule.REDUCED_FACTOR, Unit.FACTOR, RuleId.MOD_3, RuleId.DOSE_4),
                Threshold.label("doses-at-level-2", RegimenTimeline.dosesPerCycle(2), Unit.DOSES, RuleId.MOD_3),
                Threshold.label("discontinue-at-level", DoseLevel.DISCONTINUE, Unit.WORD, RuleId.MOD_3),
                Threshold.setting("inocds.dosing.dose-tolerance-percent", "dose-tolerance", s.dosing().doseTolerancePercent(),
                        Unit.PLUS_OR_MINUS_PERCENT, RuleId.MOD_3, RuleId.DOSE_4),
                Threshold.label("long-hold", CONSIDER_DISCONTINUATION_AFTER_DAYS, Unit.DAYS, RuleId.MOD_4));
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx, DraftOrder order, OrderPlacement placement) {
        List<Finding> findings = new ArrayList<>();
        int longest = Math.max(ctx.timeline().longestDelay(), placement.delayDays());
        if (longest > CONSIDER_DISCONTINUATION_AFTER_DAYS) {
            findings.add(Finding.of(RuleId.MOD_4, Topic.DOSE_MODIFICATION, Indicator.WARNING, "long-hold")
                    .params(Map.of("days", longest)).dose(DoseEvidence.of(ctx, Optional.empty(), Optional.empty()))
                    .reasons(OverrideReason.BENEFIT_OUTWEIGHS_RISK, OverrideReason.DELAY_NOT_FOR_TOXICITY, OverrideReason.EHR_DATA_OUTDATED)
                    .build());
        }
        if (DoseLevel.discontinued(placement.doseLevel())) {
            findings.add(Finding.of(RuleId.MOD_3, Topic.DISCONTINUE, Indicator.CRITICAL, "discontinue")
                    .dose(DoseEvidence.of(ctx, Optional.empty(), Optional.empty()))
                    .change(new OrderChange.CancelOrder(order.reference()))
                    .reasons(OverrideReason.DELAY_NOT_FOR_TOXICITY, OverrideReason.EHR_DATA_OUTDATED).build());
            return findings;
        }
        if (placement.doseLevel() == 0) {
            return findings;
        }
        if (placement.doseLevel() >= 2 && placement.day() == 15) {
            // 用量調節基準: level 2 gives 2 doses per cycle (days 1 and 8, our reading): a day 15 does not follow the level
            // whatever its mg; SCHED-3 proposes withdrawing it
            findings.add(Finding.of(RuleId.MOD_3, Topic.DOSE_MODIFICATION, Indicator.WARNING, "no-day-15")
                    .dose(DoseEvidence.of(ctx, Optional.empty(), Optional.empty()))
                    .reasons(OverrideReason.DELAY_NOT_FOR_TOXICITY, OverrideReason.EHR_DATA_OUTDATED).build());
            return findings;
        }
        var settings = ctx.settings();
        var bsa = settings.bsaOn(ctx.record(), order.plannedDate()).bsa();
        if (bsa.isEmpty() || order.doseMg().isEmpty()) {
            return findings; // DOSE-1 / DQ-4 say why no verdict
        }
        ExpectedDose expected = placement.expectedDose(bsa.get().squareMeters());
        var evidence = DoseEvidence.of(ctx, bsa, Optional.of(expected));
        var ordered = order.doseMg().get();
        if (DoseRule.within(ordered, expected.mg(), settings)) {
            findings.add(Finding.of(RuleId.MOD_3, Topic.DOSE_MODIFICATION, Indicator.INFO, "followed")
                    .dose(evidence).reasons(OverrideReason.DELAY_NOT_FOR_TOXICITY).build());
            return findings;
        }
        if (DoseRule.overdose(ctx, placement, bsa.get(), expected, ordered, evidence, order).isPresent()) {
            return findings; // DOSE-3's critical card carries the reduced dose already
        }
        boolean reducedBefore = ctx.timeline().cycles().stream()
                .anyMatch(c -> c.number() < placement.cycle() && c.doseLevel() >= 1);
        var notFollowed = Finding.of(RuleId.MOD_3, Topic.DOSE_MODIFICATION, Indicator.WARNING, "not-followed")
                .params(Map.of("deviationPercent", DoseRule.deviation(ordered, expected.mg()))).dose(evidence)
                .change(OrderChange.ChangeDose.to(order.reference(), expected))
                .reasons(OverrideReason.DELAY_NOT_FOR_TOXICITY, OverrideReason.EHR_DATA_OUTDATED);
        if (reducedBefore && ordered.compareTo(expected.mg()) > 0) {
            notFollowed.also(RuleId.DOSE_4); // no re-escalation
        }
        findings.add(notFollowed.build());
        return findings;
    }
}
