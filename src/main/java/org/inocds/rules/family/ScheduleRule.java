package org.inocds.rules.family;


import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.ChartText;
import org.inocds.record.DraftOrder;
import org.inocds.regimen.OrderPlacement;
import org.inocds.regimen.RegimenTimeline;
import org.inocds.rules.DoseEvidence;
import org.inocds.rules.Finding;
import org.inocds.rules.Threshold.Unit;
import org.inocds.rules.Threshold;
import org.inocds.rules.RuleSettings;
import org.inocds.rules.Indicator;
import org.inocds.rules.Phrase;
import org.inocds.rules.OrderChange;
import org.inocds.rules.OverrideReason;
import org.inocds.rules.PlacedOrderRule;
import org.inocds.rules.RuleContext;
import org.inocds.rules.RuleFamily;
import org.inocds.rules.RuleId;
import org.inocds.rules.Topic;

/**
 * SCHED-1…4, MOD-1, MOD-2 — 用法・用量 and 用法・用量に関連する使用上の注意 4 [用量調節基準]: when the order falls.
 *
 * <ul>
 *   <li>SCHED-1 (critical): fewer than 6 days since the last dose (投与間隔は6日間以上).</li>
 *   <li>SCHED-2 = MOD-2 (warning, cancel): a day 8 or 15 held 7 days or more with no later slot left is
 *       omitted; the next dose is the next cycle's day 1.</li>
 *   <li>SCHED-3 (critical): a dose beyond the cycle's 3 (2 at level 2).</li>
 *   <li>SCHED-4 (critical): a day 1 before the current cycle has run its length.</li>
 *   <li>MOD-1 (info): a day 8 or 15 held 1–6 days is postponed within the cycle.</li>
 *   <li>SCHED-5 (critical, delete): another inotuzumab draft in the same call planned less than 6 days from this one
 *       (the same day included): once a day, 6 days apart, so only one can be given. The card goes on the later of
 *       the two (on equal dates, the one listed second) and proposes deleting it.</li>
 * </ul>
 */
public final class ScheduleRule implements PlacedOrderRule {

    @Override
    public List<RuleId> ids() {
        return RuleFamily.SCHEDULE.rules();
    }

    public static final int MIN_DAYS_BETWEEN_DOSES = RegimenTimeline.MIN_DAYS_BETWEEN_DOSES;
    public static final int OMIT_AFTER_DELAY_DAYS = RegimenTimeline.OMIT_AFTER_DELAY_DAYS;

    @Override
    public List<Threshold> thresholds(RuleSettings s) {
        return List.of(
                Threshold.label("min-interval", MIN_DAYS_BETWEEN_DOSES, Unit.DAYS, RuleId.SCHED_1, RuleId.SCHED_5, RuleId.MOD_1),
                Threshold.label("omit-after-delay", OMIT_AFTER_DELAY_DAYS, Unit.DAYS, RuleId.SCHED_2, RuleId.MOD_2, RuleId.MOD_1),
                Threshold.label("doses-per-cycle", RegimenTimeline.dosesPerCycle(0), Unit.DOSES, RuleId.SCHED_3),
                Threshold.label("doses-at-level-2", RegimenTimeline.dosesPerCycle(2), Unit.DOSES, RuleId.SCHED_3),
                Threshold.label("cycle1-length", RegimenTimeline.CYCLE1_DAYS, Unit.DAYS, RuleId.SCHED_4),
                Threshold.label("cycle1-length-after-remission", RegimenTimeline.CYCLE1_EXTENDED_DAYS, Unit.DAYS, RuleId.SCHED_4),
                Threshold.label("later-cycle-length", RegimenTimeline.LATER_CYCLE_DAYS, Unit.DAYS, RuleId.SCHED_4));
    }

    /** SCHED-5: the first other inotuzumab draft of this call less than 6 days before this one (or the same day, listed first). */
    private static Optional<Finding> duplicateDraft(RuleContext ctx, DraftOrder order) {
        List<DraftOrder> all = new ArrayList<>();
        for (DraftOrder d : ctx.otherDraftOrders()) {
            if (d.inotuzumab()) {
                all.add(d);
            }
        }
        for (DraftOrder other : all) {
            long days = ChronoUnit.DAYS.between(other.plannedDate(), order.plannedDate());
            boolean otherFirst = days > 0 || (days == 0 && other.reference().compareTo(order.reference()) < 0);
            if (Math.abs(days) < MIN_DAYS_BETWEEN_DOSES && otherFirst) {
                return Optional.of(Finding.of(RuleId.SCHED_5, Topic.SCHEDULE, Indicator.CRITICAL, "duplicate-draft")
                        .params(Map.of("otherDate", other.plannedDate(), "date", order.plannedDate(), "days", Math.abs(days)))
                        .change(new OrderChange.CancelOrder(order.reference())).build());
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx, DraftOrder order, OrderPlacement p) {
        DoseEvidence evidence = DoseEvidence.of(ctx, Optional.empty(), Optional.empty());
        var cancel = new OrderChange.CancelOrder(order.reference());
        List<Finding> findings = new ArrayList<>();

        duplicateDraft(ctx, order).ifPresent(findings::add);
        boolean tooSoon = false;
        if (p.lastDose().isPresent()) {
            long days = ChronoUnit.DAYS.between(p.lastDose().get().date(), order.plannedDate());
            if (days < MIN_DAYS_BETWEEN_DOSES) {
                tooSoon = true;
                findings.add(Finding.of(RuleId.SCHED_1, Topic.SCHEDULE, Indicator.CRITICAL, "too-soon")
                        .params(Map.of("lastDate", p.lastDose().get().date(), "days", days, "earliest",
                                p.lastDose().get().date().plusDays(MIN_DAYS_BETWEEN_DOSES)))
                        .dose(evidence).change(cancel).reasons(OverrideReason.EHR_DATA_OUTDATED).build());
            }
        }
        int perCycle = RegimenTimeline.dosesPerCycle(p.doseLevel());
        if (p.dosesGivenInCycle() >= perCycle && p.kind() != OrderPlacement.Kind.EARLY_NEXT_CYCLE) {
            findings.add(Finding.of(RuleId.SCHED_3, Topic.SCHEDULE, Indicator.CRITICAL, "extra-dose")
                    .params(Map.of("given", p.dosesGivenInCycle(), "perCycle", perCycle)).dose(evidence).change(cancel)
                    .reasons(OverrideReason.EHR_DATA_OUTDATED).build());
        }
        if (p.kind() == OrderPlacement.Kind.EARLY_NEXT_CYCLE
                || (p.kind() == OrderPlacement.Kind.EXPLICIT && p.day() == 1 && p.earlyDays() > 0)) {
            findings.add(Finding.of(RuleId.SCHED_4, Topic.SCHEDULE, Indicator.CRITICAL, "cycle-too-early")
                    .params(Map.of("due", p.scheduled(), "earlyDays", p.earlyDays())).dose(evidence).change(cancel)
                    .reasons(OverrideReason.EHR_DATA_OUTDATED).build());
        }
        if (p.day() != 1 && (p.kind() == OrderPlacement.Kind.IN_CYCLE || p.kind() == OrderPlacement.Kind.EXPLICIT)) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("due", p.scheduled());
            params.put("delay", p.delayDays());
            params.put("skipped", skipped(p));
            if (p.delayDays() >= OMIT_AFTER_DELAY_DAYS && !p.laterSlotRemains()) {
                var cycle = ctx.timeline().cycles().stream().filter(c -> c.number() == p.cycle()).findFirst();
                params.put("nextDay1", cycle.map(c -> c.day1().plusDays(c.lengthDays())).<Object>map(d -> d).orElse(Phrase.NONE));
                findings.add(Finding.of(RuleId.SCHED_2, Topic.SCHEDULE, Indicator.WARNING, "omit").also(RuleId.MOD_2)
                        .params(params).dose(evidence).change(cancel).reasons(OverrideReason.EHR_DATA_OUTDATED).build());
            } else if ((p.delayDays() >= 1 || !p.skippedDays().isEmpty()) && !tooSoon) {
                findings.add(Finding.of(RuleId.MOD_1, Topic.SCHEDULE, Indicator.INFO, "postponed").params(params).dose(evidence).build());
            }
        }
        return findings;
    }

    private static Object skipped(OrderPlacement p) {
        return p.skippedDays().isEmpty() ? Phrase.NONE : p.skippedDays().stream().map(d -> new Phrase("phrase.slot", Map.of("day", d))).toList();
    }
}
