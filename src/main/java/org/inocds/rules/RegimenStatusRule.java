package org.inocds.rules;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.RecordPart;
import org.inocds.regimen.RegimenCycle;
import org.inocds.regimen.RegimenPosition;
import org.inocds.regimen.RegimenTimeline;
import org.inocds.regimen.CycleLimit;
import org.inocds.regimen.DoseLevel;

/**
 * STATUS-1 — 用法・用量, 用法・用量に関連する使用上の注意 1–4: on the chart of a patient on or after treatment,
 * where the regimen stands: cycle and day of the last dose, doses given, the next dose due with its expected
 * mg, the dose level, and the cycles left given the HSCT plan (3 with HSCT planned, else 6).
 */
public final class RegimenStatusRule implements Rule {

    private static final DataNeeds READS = DataNeeds.rule("STATUS-1", DataNeeds.LEVEL, DataNeeds.of(RecordPart.SERVICE_REQUESTS, RecordPart.CARE_PLANS, RecordPart.PROCEDURES));

    @Override
    public DataNeeds reads() {
        return READS;
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
        return List.of(new Finding(List.of("STATUS-1"), Topic.SCHEDULE, Indicator.INFO,
                DoseLevel.discontinued(placement.doseLevel()) ? "status-1.discontinue" : "status-1.status",
                Map.of("lastCycle", current.number(), "lastDay", last.day(), "lastDate", last.date(),
                        "doses", timeline.allDoses().size(), "nextDue", placement.plannedDate(),
                        "nextMg", expected.<Object>map(e -> new Phrase("phrase.mg", Map.of("mg", e.mg()))).orElse("—"),
                        "cyclesLeft", left, "maxCycles", maxCycles),
                Optional.of(evidence), Optional.empty(), List.of()));
    }

    /** Topics whose warning or critical cards mean the next dose must not be given now (docs/rule-catalogue.md STATUS-1). */
    private static final Set<Topic> IN_THE_WAY = EnumSet.of(Topic.HOLD_HEMATOLOGIC, Topic.HOLD_HEPATIC,
            Topic.HOLD_TOXICITY, Topic.DISCONTINUE, Topic.CYCLE_LIMIT, Topic.DOSE_MODIFICATION, Topic.SCHEDULE, Topic.ELIGIBILITY,
            Topic.CONTRAINDICATION, Topic.DOSE);

    /**
     * A hold, stop or limit for the next dose: HEM, HEP, TOX, INF-1, MOD-3 level 3, MOD-4, CYC-1…4, schedule, eligibility and
     * contraindication (ELIG), a dose figure that cannot be stated (DOSE-5: the response to confirm), and VOD-4.
     */
    static boolean standsInTheWay(Finding f) {
        return f.indicator() != Indicator.INFO && (IN_THE_WAY.contains(f.topic()) || f.rules().contains("VOD-4"));
    }

    /**
     * The status card when something stands in the way of the next dose: the same facts, no next-dose figure (no
     * expected mg in the text, the dose table or the finding extension), and what stands in the way by kind.
     */
    static Finding blocked(Finding status, List<Finding> blockers) {
        Map<String, Object> params = new LinkedHashMap<>(status.params());
        params.remove("nextMg");
        params.put("items", Bullets.items("status-1.blocked.item.",
                blockers.stream().map(b -> b.rules().contains("VOD-4") ? "vod-risk" : b.topic().code()).distinct().toList()));
        params.put("blockingRules", blockers.stream().flatMap(b -> b.rules().stream()).distinct().toList());
        var dose = status.dose().map(d -> new DoseEvidence(d.position(), d.plannedDate(), d.bsa(), Optional.empty(), Optional.empty(),
                d.placement(), d.timeline()));
        // info like every status card; the hold or stop itself is a card of its own with its own indicator
        return new Finding(status.rules(), status.topic(), Indicator.INFO, "status-1.blocked", params, dose, Optional.empty(), List.of());
    }
}
