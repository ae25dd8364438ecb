package org.inocds.rules.family;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.regimen.RegimenCycle;
import org.inocds.regimen.RegimenPosition;
import org.inocds.regimen.RegimenTimeline;
import org.inocds.regimen.CycleLimit;
import org.inocds.regimen.DoseLevel;
import org.inocds.rules.DoseEvidence;
import org.inocds.rules.Finding;
import org.inocds.rules.Threshold.Unit;
import org.inocds.rules.Threshold;
import org.inocds.rules.RuleSettings;
import org.inocds.rules.Hook;
import org.inocds.rules.Indicator;
import org.inocds.rules.Phrase;
import org.inocds.rules.Rule;
import org.inocds.rules.RuleContext;
import org.inocds.rules.RuleFamily;
import org.inocds.rules.RuleId;
import org.inocds.rules.Topic;

/**
 * STATUS-1 — 用法・用量, 用法・用量に関連する使用上の注意 1–4: on the chart of a patient on or after treatment,
 * where the regimen stands: cycle and day of the last dose, doses given, the next dose due with its expected
 * mg, the dose level, and the cycles left given the HSCT plan (3 with HSCT planned, else 6).
 */
public final class RegimenStatusRule implements Rule {

    @Override
    public List<RuleId> ids() {
        return RuleFamily.REGIMEN_STATUS.rules();
    }

    @Override
    public List<Threshold> thresholds(RuleSettings s) {
        return List.of(Threshold.label("last-cycle-with-hsct", CycleLimit.WITH_HSCT_PLANNED, Unit.CYCLE, RuleId.STATUS_1),
                Threshold.label("last-cycle", CycleLimit.MAXIMUM, Unit.CYCLE, RuleId.STATUS_1),
                Threshold.label("min-interval", RegimenTimeline.MIN_DAYS_BETWEEN_DOSES, Unit.DAYS, RuleId.STATUS_1));
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx) {
        if (ctx.hook() != Hook.PATIENT_VIEW || ctx.timeline().isEmpty() || ctx.record().doseHistoryUnavailable()) {
            return List.of();
        }
        RegimenTimeline timeline = ctx.timeline();
        RegimenCycle current = timeline.cycles().get(timeline.cycles().size() - 1);
        var last = current.doses().get(current.doses().size() - 1);
        // The next dose: the cycle's next open slot, else the next cycle's day 1; never before today nor within 6 days of
        // the last dose — the very date whose draft PatientReview runs through the rule book
        var placement = timeline.place(timeline.nextDoseDate(ctx.today()), Optional.empty());
        var s = ctx.settings();
        var bsa = s.bsaOn(ctx.record(), placement.plannedDate()).bsa();
        var expected = bsa.filter(b -> !DoseLevel.discontinued(placement.doseLevel())).map(b -> placement.expectedDose(b.squareMeters()));
        boolean hsctPlanned = ctx.record().has(ClinicalConcept.HSCT, ClinicalFact.Status.PLANNED);
        int maxCycles = CycleLimit.last(hsctPlanned);
        int left = Math.max(0, maxCycles - current.number()); // cycles that may still follow the current one
        var position = new RegimenPosition(placement.cycleDay(), placement.doseLevel(),
                placement.remissionReached(), RegimenPosition.Source.INFERRED);
        var evidence = new DoseEvidence(position, placement.plannedDate(), bsa, expected, Optional.empty(),
                Optional.of(placement), Optional.of(timeline));
        return List.of(Finding.of(RuleId.STATUS_1, Topic.SCHEDULE, Indicator.INFO,
                DoseLevel.discontinued(placement.doseLevel()) ? "discontinue" : "status").params(Map.ofEntries(Map.entry("lastCycle", current.number()), Map.entry("lastDay", last.day()), Map.entry("lastDate", last.date()),
                        Map.entry("doses", timeline.allDoses().size()), Map.entry("nextDue", placement.plannedDate()),
                        // a dose already overdue says so first (用法・用量に関連する使用上の注意: a late day 8/15 is postponed or omitted)
                        Map.entry("lateDays", placement.delayDays()), Map.entry("scheduled", placement.scheduled()),
                        Map.entry("nextMg", expected.<Object>map(e -> new Phrase("phrase.mg", Map.of("mg", e.mg()))).orElse(Phrase.NONE)),
                        Map.entry("cyclesLeft", left), Map.entry("maxCycles", maxCycles),
                        Map.entry("hsct", hsctPlanned ? HsctPlan.PLANNED : HsctPlan.NONE))).dose(evidence).build());
    }

    /** Whether HSCT is planned, as {@code status-1.status.detail} selects its words ({@code {hsct, select, planned …}}). */
    enum HsctPlan { PLANNED, NONE }
}
