package org.inocds.rules;

import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.inocds.record.DoseEntry;
import org.inocds.record.DraftOrder;
import org.inocds.record.InotuzumabDose;
import org.inocds.record.PatientRecord;
import org.inocds.regimen.BsaInputs;
import org.inocds.regimen.OrderPlacement;
import org.inocds.regimen.RegimenTimeline;
import org.inocds.regimen.Remission;

/**
 * The domain entry point of one call: rebuilds the timeline from the record, places each inotuzumab order
 * in it, runs the rule book, and returns the findings most urgent first. No HTTP, Spring or FHIR here.
 */
public final class PatientReview {

    private final RuleBook ruleBook;
    private final RuleSettings settings;

    private static final Rule DATA_QUALITY = new DataQualityRule();

    public PatientReview(RuleBook ruleBook, RuleSettings settings) {
        this.ruleBook = ruleBook;
        this.settings = settings;
    }

    /** @param drafts every draft order of the call in scope (inotuzumab and other drugs) */
    public List<Finding> review(Hook hook, PatientRecord record, List<DraftOrder> drafts, LocalDate today) {
        if (hook == Hook.PATIENT_VIEW && !record.everTreated()) {
            // the chart of a patient never given inotuzumab stays quiet; when the dose history could not be read, whether
            // the patient was given it is unknown, and the data-quality card says so rather than a silence
            return record.doseHistoryUnavailable() ? DATA_QUALITY.evaluate(new RuleContext(hook, record, timeline(record, settings),
                    Optional.empty(), Optional.empty(), List.of(), today, settings)) : List.of();
        }
        drafts = drafts.stream().map(d -> inMilligrams(d, record)).toList();
        List<DraftOrder> inotuzumab = drafts.stream().filter(DraftOrder::inotuzumab).toList();
        if (hook != Hook.PATIENT_VIEW && inotuzumab.isEmpty() && !record.everTreated()) {
            // other drugs for a patient never given inotuzumab: nothing for this service to say — unless a draft's drug
            // could not be resolved (it may be inotuzumab): the data-quality card says it was not checked
            return drafts.stream().anyMatch(DraftOrder::medicationUnresolved)
                    ? DATA_QUALITY.evaluate(new RuleContext(hook, record, timeline(record, settings), Optional.empty(), Optional.empty(),
                            drafts, today, settings))
                    : List.of();
        }
        RegimenTimeline timeline = timeline(record, settings);
        LinkedHashSet<Finding> findings = new LinkedHashSet<>();
        List<DraftOrder> others = drafts.stream().filter(d -> !d.inotuzumab()).toList();
        if (hook == Hook.PATIENT_VIEW) {
            findings.addAll(chartReview(record, timeline, others, today));
        } else if (inotuzumab.isEmpty()) {
            findings.addAll(ruleBook.evaluate(new RuleContext(hook, record, timeline, Optional.empty(), Optional.empty(),
                    others, today, settings)));
        }
        for (DraftOrder order : inotuzumab) {
            // Without the whole dose history a placement could be wrong (a cycle-3 patient taken for a first
            // dose): the position-dependent rules then stay silent and the DQ-2/DQ-3 card says why.
            var placement = record.doseHistoryUnavailable() ? Optional.<OrderPlacement>empty()
                    : Optional.of(timeline.place(order.plannedDate(), order.explicitPosition()));
            // Its companions: every other draft of the call, the other inotuzumab drafts included (SCHED-5).
            List<DraftOrder> companions = drafts.stream().filter(d -> d != order).toList();
            findings.addAll(ruleBook.evaluate(new RuleContext(hook, record, timeline, Optional.of(order), placement,
                    companions, today, settings)));
        }
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparing(Finding::indicator).reversed());
        return sorted;
    }

    /**
     * patient-view (docs/rule-catalogue.md STATUS-1): the chart's cards, and every hold, stop and limit rule evaluated for the next
     * dose as if it were ordered today. Those that stand in its way are shown as cards of their own (without a
     * suggestion: there is no order to change), and the status card then says what stands in the way instead of a
     * next-dose figure — never a dose beside a stop.
     */
    private List<Finding> chartReview(PatientRecord record, RegimenTimeline timeline, List<DraftOrder> others, LocalDate today) {
        List<Finding> chart = ruleBook.evaluate(new RuleContext(Hook.PATIENT_VIEW, record, timeline, Optional.empty(), Optional.empty(),
                others, today, settings));
        if (timeline.isEmpty() || record.doseHistoryUnavailable()) {
            return chart;
        }
        LocalDate due = RegimenStatusRule.nextDue(timeline);
        LocalDate planned = due.isBefore(today) ? today : due;
        DraftOrder next = DraftOrder.nextDose(planned);
        var placement = timeline.place(planned, Optional.empty());
        List<Finding> nextDose = RuleBook.nextDoseChecks().evaluate(new RuleContext(Hook.PATIENT_VIEW, record, timeline,
                Optional.of(next), Optional.of(placement), others, today, settings)).stream()
                .filter(f -> f.indicator() != Indicator.INFO)
                .map(PatientReview::withoutChange)
                .toList();
        List<Finding> blockers = new ArrayList<>(nextDose.stream().filter(RegimenStatusRule::standsInTheWay).toList());
        chart.stream().filter(RegimenStatusRule::standsInTheWay).forEach(blockers::add);
        List<Finding> out = new ArrayList<>();
        for (Finding f : chart) {
            out.add(f.primaryRule().equals("STATUS-1") && !blockers.isEmpty() ? RegimenStatusRule.blocked(f, blockers) : f);
        }
        out.addAll(nextDose);
        return out;
    }

    /**
     * An inotuzumab order whose dose is written in mg/m² only (an EHR's "ordered" dose; the rule catalogue "Dose entries"):
     * its mg are that × the BSA of its planned date, rounded to 0.01 mg as the expected dose is. Without a BSA it stays
     * without mg, and DOSE-1 says why.
     */
    private DraftOrder inMilligrams(DraftOrder order, PatientRecord record) {
        if (!order.inotuzumab() || order.doseMg().isPresent()) {
            return order;
        }
        var perM2 = order.doseEntries().stream().filter(e -> e.unit() == DoseEntry.Unit.MG_PER_M2).findFirst();
        if (perM2.isEmpty()) {
            return order;
        }
        return settings.bsaOn(record, order.plannedDate()).bsa()
                .map(bsa -> order.withDoseMg(perM2.get().value().multiply(bsa.squareMeters()).setScale(2, RoundingMode.HALF_UP)))
                .orElse(order);
    }

    private static Finding withoutChange(Finding f) {
        return new Finding(f.rules(), f.topic(), f.indicator(), f.messageKey(), f.params(), f.dose(), Optional.empty(), f.overrideReasons());
    }

    /** The timeline of a record: doses given, CR/CRi since when, and the BSA on each dose's date. */
    public static RegimenTimeline timeline(PatientRecord record, RuleSettings settings) {
        Optional<LocalDate> firstDose = record.inotuzumabDoses().stream().map(InotuzumabDose::date).findFirst();
        Optional<LocalDate> remission = Remission.since(record, firstDose, settings.rules().marrowBlastRemissionPercent());
        return RegimenTimeline.build(record.inotuzumabDoses(), remission, date -> bsaOn(record, date, settings));
    }

    /** The BSA of a past dose's date: inside the windows, else from the nearest measurement (the label digest "Regimen"). */
    private static Optional<RegimenTimeline.DoseBsa> bsaOn(PatientRecord record, LocalDate date, RuleSettings settings) {
        var windowed = settings.bsaOn(record, date).bsa().map(b -> new RegimenTimeline.DoseBsa(b.squareMeters(), Optional.empty()));
        return windowed.or(() -> BsaInputs.nearest(record, date, settings.dosing().bsaFormula())
                .map(n -> new RegimenTimeline.DoseBsa(n.squareMeters(), Optional.of(n.measuredOn()))));
    }
}
