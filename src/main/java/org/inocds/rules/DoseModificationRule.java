package org.inocds.rules;


import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.DraftOrder;
import org.inocds.regimen.ExpectedDose;
import org.inocds.regimen.OrderPlacement;
import org.inocds.regimen.DoseLevel;

/**
 * MOD-3, MOD-4, DOSE-4 — 用法・用量に関連する使用上の注意 4 [用量調節基準] and "減量を行った場合は、再度増量しない".
 *
 * <p>The level comes from the timeline (each hold of 14 days or more; a reduced dose given). Level 3 means
 * discontinue (critical, cancel the order). At levels 1 and 2 the order is held to the reduced dose: a
 * matching order gets an info card showing why, any other a warning proposing the reduced dose — naming
 * DOSE-4 too when a reduced cycle was already given (no re-escalation). A hold of more than 28 days, past or
 * in this order, asks to consider discontinuation (MOD-4).
 */
public final class DoseModificationRule implements Rule {

    private static final DataNeeds READS = DataNeeds.rule("MOD-3", DataNeeds.LEVEL)
                .and("MOD-4", DataNeeds.LEVEL)
                .and("DOSE-4", DataNeeds.LEVEL);

    @Override
    public DataNeeds reads() {
        return READS;
    }

    public static final int CONSIDER_DISCONTINUATION_AFTER_DAYS = 28;

    @Override
    public List<Finding> evaluate(RuleContext ctx) {
        var placed = ctx.placedOrder();
        if (placed.isEmpty()) {
            return List.of();
        }
        DraftOrder order = placed.get().order();
        OrderPlacement placement = placed.get().placement();
        List<Finding> findings = new ArrayList<>();
        int longest = Math.max(ctx.timeline().longestDelay(), placement.delayDays());
        if (longest > CONSIDER_DISCONTINUATION_AFTER_DAYS) {
            findings.add(new Finding(List.of("MOD-4"), Topic.DOSE_MODIFICATION, Indicator.WARNING, "mod-4.long-hold",
                    Map.of("days", longest), Optional.of(DoseEvidence.of(ctx, Optional.empty(), Optional.empty())),
                    Optional.empty(), List.of(OverrideReason.BENEFIT_OUTWEIGHS_RISK, OverrideReason.DELAY_NOT_FOR_TOXICITY,
                            OverrideReason.EHR_DATA_OUTDATED)));
        }
        if (DoseLevel.discontinued(placement.doseLevel())) {
            findings.add(new Finding(List.of("MOD-3"), Topic.DISCONTINUE, Indicator.CRITICAL, "mod-3.discontinue",
                    Map.of(), Optional.of(DoseEvidence.of(ctx, Optional.empty(), Optional.empty())),
                    Optional.of(new OrderChange.CancelOrder(order.reference())),
                    List.of(OverrideReason.DELAY_NOT_FOR_TOXICITY, OverrideReason.EHR_DATA_OUTDATED)));
            return findings;
        }
        if (placement.doseLevel() == 0) {
            return findings;
        }
        if (placement.doseLevel() >= 2 && placement.day() == 15) {
            // 用量調節基準: level 2 gives 2 doses per cycle (days 1 and 8, our reading): a day 15 does not follow the level
            // whatever its mg; SCHED-3 proposes withdrawing it
            findings.add(new Finding(List.of("MOD-3"), Topic.DOSE_MODIFICATION, Indicator.WARNING, "mod-3.no-day-15",
                    Map.of(), Optional.of(DoseEvidence.of(ctx, Optional.empty(), Optional.empty())), Optional.empty(),
                    List.of(OverrideReason.DELAY_NOT_FOR_TOXICITY, OverrideReason.EHR_DATA_OUTDATED)));
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
            findings.add(new Finding(List.of("MOD-3"), Topic.DOSE_MODIFICATION, Indicator.INFO, "mod-3.followed",
                    Map.of(), Optional.of(evidence), Optional.empty(), List.of(OverrideReason.DELAY_NOT_FOR_TOXICITY)));
            return findings;
        }
        if (DoseRule.overdose(ctx, placement, bsa.get(), expected, ordered, evidence, order).isPresent()) {
            return findings; // DOSE-3's critical card carries the reduced dose already
        }
        boolean reducedBefore = ctx.timeline().cycles().stream()
                .anyMatch(c -> c.number() < placement.cycle() && c.doseLevel() >= 1);
        List<String> rules = reducedBefore && ordered.compareTo(expected.mg()) > 0 ? List.of("MOD-3", "DOSE-4") : List.of("MOD-3");
        findings.add(new Finding(rules, Topic.DOSE_MODIFICATION, Indicator.WARNING, "mod-3.not-followed",
                Map.of("deviationPercent", DoseRule.deviation(ordered, expected.mg())), Optional.of(evidence),
                Optional.of(OrderChange.ChangeDose.to(order.reference(), expected)),
                List.of(OverrideReason.DELAY_NOT_FOR_TOXICITY, OverrideReason.EHR_DATA_OUTDATED)));
        return findings;
    }
}
