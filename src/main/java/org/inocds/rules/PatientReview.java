package org.inocds.rules;

import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.inocds.record.DoseEntry;
import org.inocds.record.DraftOrder;
import org.inocds.record.InotuzumabDose;
import org.inocds.record.PatientRecord;
import org.inocds.regimen.BsaInputs;
import org.inocds.regimen.DoseLevel;
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

    /** The data-quality family, alone: what was not checked when nothing else may be said. */
    private final Rule dataQuality;

    public PatientReview(RuleBook ruleBook, RuleSettings settings) {
        this.ruleBook = ruleBook;
        this.settings = settings;
        this.dataQuality = ruleBook.deciding(RuleId.DQ_2);
    }

    /** @param drafts every draft order of the call in scope (inotuzumab and other drugs) */
    public List<Finding> review(Hook hook, PatientRecord record, List<DraftOrder> drafts, LocalDate today) {
        if (hook == Hook.PATIENT_VIEW && !record.everTreated()) {
            // the chart of a patient never given inotuzumab stays quiet; when the dose history could not be read, whether
            // the patient was given it is unknown, and the data-quality card says so rather than a silence
            return record.doseHistoryUnavailable() ? dataQuality.evaluate(new RuleContext(hook, record, timeline(record, settings),
                    Optional.empty(), Optional.empty(), List.of(), today, settings)) : List.of();
        }
        drafts = drafts.stream().map(d -> inMilligrams(d, record)).toList();
        List<DraftOrder> inotuzumab = drafts.stream().filter(DraftOrder::inotuzumab).toList();
        if (hook != Hook.PATIENT_VIEW && inotuzumab.isEmpty() && !record.everTreated()) {
            // other drugs for a patient never given inotuzumab: nothing for this service to say — unless a draft's drug
            // could not be resolved (it may be inotuzumab), or the dose history itself could not be read (the patient may
            // have been given it, and VOD-2 would then apply): the data-quality card says what was not checked
            return drafts.stream().anyMatch(DraftOrder::medicationUnresolved) || record.doseHistoryUnavailable()
                    ? dataQuality.evaluate(new RuleContext(hook, record, timeline(record, settings), Optional.empty(), Optional.empty(),
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
        findings.addAll(orderSet(hook, record, timeline, inotuzumab, drafts, today));
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparing(Finding::indicator).reversed());
        return sorted;
    }

    /**
     * The inotuzumab drafts of one call (the label digest "Regimen", order sets): a whole cycle's days 1, 8 and 15 signed
     * together, or the last day of a cycle with the next day 1. They are judged in date order, each against the doses given
     * and the drafts before it, as if each earlier draft had been given on its planned date — so that intervals, slots,
     * cycle totals and levels count them, and signing them together says what signing them one after the other would.
     */
    private List<Finding> orderSet(Hook hook, PatientRecord record, RegimenTimeline given, List<DraftOrder> inotuzumab,
            List<DraftOrder> drafts, LocalDate today) {
        List<Finding> findings = new ArrayList<>();
        List<DraftOrder> taken = new ArrayList<>(); // earlier drafts taken as given; a SCHED-5 duplicate is not one of them
        for (DraftOrder order : inotuzumab.stream().sorted(Comparator.comparing(DraftOrder::plannedDate)).toList()) {
            LocalDate tooClose = order.plannedDate().minusDays(RegimenTimeline.MIN_DAYS_BETWEEN_DOSES);
            PatientRecord withEarlier = record;
            for (DraftOrder earlier : taken) {
                if (!earlier.plannedDate().isAfter(tooClose)) {
                    withEarlier = withEarlier.withDoseGiven(new InotuzumabDose(earlier.plannedDate(), earlier.doseMg(), earlier.reference()));
                }
            }
            RegimenTimeline timeline = withEarlier == record ? given : timeline(withEarlier, settings);
            // Without the whole dose history a placement could be wrong (a cycle-3 patient taken for a first
            // dose): the position-dependent rules then stay silent and the DQ-2/DQ-3 card says why.
            var placement = record.doseHistoryUnavailable() ? Optional.<OrderPlacement>empty()
                    : Optional.of(timeline.place(order.plannedDate(), order.explicitPosition()));
            // Its companions: every other draft of the call, the other inotuzumab drafts included (SCHED-5).
            List<DraftOrder> companions = drafts.stream().filter(d -> d != order).toList();
            findings.addAll(StopPrecedence.apply(ruleBook.evaluate(new RuleContext(hook, withEarlier, timeline, Optional.of(order),
                    placement, companions, today, settings))));
            // two drafts less than 6 days apart: only one can be given (SCHED-5 says so on the later one)
            if (taken.stream().noneMatch(t -> t.plannedDate().isAfter(tooClose))) {
                taken.add(order);
            }
        }
        return findings;
    }

    /**
     * patient-view (docs/rule-catalogue.md STATUS-1): the chart's cards, and the next dose checked as order-sign would check
     * it — a draft at its expected mg on the earliest date it may be given, run through the same rule book. Whatever of
     * warning or critical stands in its way is shown as a card of its own (without a suggestion: there is no order to
     * change), and the status card then says what stands in the way instead of a next-dose figure: never a dose that
     * order-sign of that very dose would refuse.
     */
    private List<Finding> chartReview(PatientRecord record, RegimenTimeline timeline, List<DraftOrder> others, LocalDate today) {
        List<Finding> chart = ruleBook.evaluate(new RuleContext(Hook.PATIENT_VIEW, record, timeline, Optional.empty(), Optional.empty(),
                others, today, settings));
        if (timeline.isEmpty() || record.doseHistoryUnavailable()) {
            return chart;
        }
        DraftOrder next = nextDose(record, timeline, today, settings);
        var placement = timeline.place(next.plannedDate(), Optional.empty());
        List<Finding> nextDose = ruleBook.evaluate(new RuleContext(Hook.ORDER_SIGN, record, timeline, Optional.of(next),
                Optional.of(placement), others, today, settings)).stream()
                .filter(PatientReview::standsInTheWay)
                .map(Finding::withoutChange)
                .toList();
        List<Finding> blockers = new ArrayList<>(nextDose);
        chart.stream().filter(PatientReview::standsInTheWay).forEach(blockers::add);
        List<Finding> out = new ArrayList<>();
        for (Finding f : chart) {
            out.add(f.primary() == RuleId.STATUS_1 && !blockers.isEmpty() ? blocked(f, blockers) : f);
        }
        out.addAll(nextDose);
        return out;
    }

    /** The next dose as a draft: on the earliest date it may be given, at its expected mg (none without a BSA). */
    static DraftOrder nextDose(PatientRecord record, RegimenTimeline timeline, LocalDate today, RuleSettings settings) {
        LocalDate date = timeline.nextDoseDate(today);
        var placement = timeline.place(date, Optional.empty());
        var mg = settings.bsaOn(record, date).bsa().filter(b -> !DoseLevel.discontinued(placement.doseLevel()))
                .map(b -> placement.expectedDose(b.squareMeters()).mg());
        return DraftOrder.nextDose(date, mg);
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

    /** Topics whose warning or critical cards mean the next dose must not be given now (docs/rule-catalogue.md STATUS-1). */
    private static final Set<Topic> IN_THE_WAY = EnumSet.of(Topic.HOLD_HEMATOLOGIC, Topic.HOLD_HEPATIC,
            Topic.HOLD_TOXICITY, Topic.DISCONTINUE, Topic.CYCLE_LIMIT, Topic.DOSE_MODIFICATION, Topic.SCHEDULE, Topic.ELIGIBILITY,
            Topic.CONTRAINDICATION, Topic.DOSE);

    /**
     * A hold, stop or limit for the next dose: HEM, HEP, TOX, INF-1, MOD-3 level 3, MOD-4, CYC-1…4, schedule, eligibility and
     * contraindication (ELIG), a dose figure that cannot be stated (DOSE-5: the response to confirm), and VOD-4.
     */
    public static boolean standsInTheWay(Finding f) {
        return f.indicator() != Indicator.INFO && (IN_THE_WAY.contains(f.topic()) || f.by(RuleId.VOD_4));
    }

    /**
     * The status card when something stands in the way of the next dose: the same facts, no next-dose figure (no
     * expected mg in the text, the dose table or the finding extension), and what stands in the way by kind.
     */
    static Finding blocked(Finding status, List<Finding> blockers) {
        Map<String, Object> params = new LinkedHashMap<>(status.params());
        params.remove("nextMg");
        params.put("items", Bullets.items(RuleId.STATUS_1.messageKey("blocked.item."),
                blockers.stream().map(b -> b.by(RuleId.VOD_4) ? "vod-risk" : b.topic().code()).distinct().toList()));
        params.put("blockingRules", blockers.stream().flatMap(b -> b.ids().stream()).distinct().toList());
        // the summary leads with what stands in the way, in that card's own words (its patient values and limits first)
        params.put("first", summaryOf(blockers.get(0)));
        var dose = status.dose().map(d -> new DoseEvidence(d.position(), d.plannedDate(), d.bsa(), Optional.empty(), Optional.empty(),
                d.placement(), d.timeline()));
        // info like every status card; the hold or stop itself is a card of its own with its own indicator
        return Finding.ofRules(status.ids(), status.topic(), Indicator.INFO, RuleId.STATUS_1.messageKey("blocked"))
                .params(params).dose(dose).build();
    }

    /** A finding's summary as a phrase another card can carry: its message with its values and its regimen position. */
    private static Phrase summaryOf(Finding f) {
        Map<String, Object> values = new LinkedHashMap<>(f.params());
        f.dose().ifPresent(d -> {
            values.putIfAbsent("cycle", d.position().cycle());
            values.putIfAbsent("day", d.position().day());
            values.putIfAbsent("plannedDate", d.plannedDate());
            values.putIfAbsent("doseLevel", d.position().doseLevel());
            d.expected().ifPresent(e -> {
                values.putIfAbsent("expectedMg", e.mg());
                values.putIfAbsent("mgPerM2", e.mgPerM2());
                values.putIfAbsent("bsa", e.bsaM2());
            });
        });
        return new Phrase(f.messageKey() + ".summary", values);
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
