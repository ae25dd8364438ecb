package org.inocds.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.inocds.record.ChartText;
import org.inocds.record.DataIssue;
import org.inocds.record.DoseEntry;
import org.inocds.record.DraftOrder;
import org.inocds.record.RecordPart;

/**
 * DQ-1…DQ-4 — fail visibly, never silently: every problem with the data that leaves a rule unevaluated
 * becomes a warning the clinician sees, naming the data and the rules it affects.
 */
public final class DataQualityRule implements Rule {

    private static final DataNeeds READS = DataNeeds.rule("DQ-1")
                .and("DQ-2")
                .and("DQ-3")
                // DQ-4 compares an order's dose entries, an mg/m² entry × the BSA
                .and("DQ-4", DataNeeds.of(RecordPart.BODY_MEASUREMENTS));

    @Override
    public DataNeeds reads() {
        return READS;
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx) {
        List<Finding> findings = new ArrayList<>();
        // Several keys failing the same way make one card naming them all, not a card per key.
        Map<String, List<DataIssue>> prefetchProblems = new LinkedHashMap<>();
        for (DataIssue issue : ctx.record().dataIssues()) {
            if (issue.kind().equals("fetch-failed") || issue.kind().equals("truncated") || issue.kind().equals(DraftOrder.MEDICATION_UNRESOLVED)) {
                prefetchProblems.computeIfAbsent(issue.ruleId() + "." + issue.kind(), k -> new ArrayList<>()).add(issue);
            } else {
                findings.add(finding(issue));
            }
        }
        for (List<DataIssue> same : prefetchProblems.values()) {
            DataIssue first = same.get(0);
            Set<String> rules = new LinkedHashSet<>();
            // the rules that declared they read these parts (DataNeeds): one source for "stays silent" and for this list
            same.forEach(i -> RecordPart.ofKey(i.subject()).ifPresent(part -> rules.addAll(RuleBook.rulesReading(part))));
            String subjects = String.join(", ", same.stream().map(DataIssue::subject).toList());
            String details = String.join("; ", same.stream().map(i -> i.subject() + ": " + i.detail()).distinct().toList());
            findings.add(finding(new DataIssue(first.ruleId(), first.kind(), subjects, same.size() == 1 ? first.detail() : details,
                    List.copyOf(rules))));
        }
        ctx.order().filter(DraftOrder::inotuzumab).ifPresent(order -> {
            order.doseProblem().ifPresent(kind -> findings.add(finding(new DataIssue(
                    "DQ-4", kind, order.reference(), "", List.of("DOSE-2", "DOSE-3", "DOSE-4", "DOSE-5")))));
            order.codeProblem().ifPresent(kind -> findings.add(finding(new DataIssue(
                    "DQ-4", order.medicationUnresolved() ? "medication-unresolved-named" : kind, order.reference(),
                    order.name(), List.of()))));
            entriesDisagree(ctx, order).ifPresent(findings::add);
        });
        // issue 26: a draft whose Medication could not be resolved may be inotuzumab, a premedication or an alkylator:
        // it was not checked, and the rules that read the other drafts stay silent (DataNeeds.andDraftOrders)
        for (DraftOrder d : ctx.otherDraftOrders()) {
            if (d.medicationUnresolved() && !d.inotuzumab()) {
                findings.add(finding(new DataIssue("DQ-4", DraftOrder.MEDICATION_UNRESOLVED, d.reference(), d.name(),
                        RuleBook.draftOrderReaders())));
            }
        }
        return findings;
    }

    /**
     * The rule catalogue "Dose entries": an order stating its dose several ways (mg, mg/m², mL or vials) whose entries
     * disagree with the dose judged by more than the DOSE-2 tolerance. mg/m² are compared × the BSA of the planned date.
     */
    private static Optional<Finding> entriesDisagree(RuleContext ctx, DraftOrder order) {
        if (order.doseEntries().size() < 2 || order.doseMg().isEmpty()) {
            return Optional.empty();
        }
        BigDecimal judged = order.doseMg().get();
        var bsa = ctx.settings().bsaOn(ctx.record(), order.plannedDate()).bsa();
        BigDecimal tolerance = ctx.settings().dosing().doseTolerancePercent();
        boolean disagree = false;
        List<String> shown = new ArrayList<>();
        for (DoseEntry e : order.doseEntries()) {
            Optional<BigDecimal> mg = e.unit() == DoseEntry.Unit.MG ? Optional.of(e.value())
                    : bsa.map(b -> e.value().multiply(b.squareMeters()).setScale(2, RoundingMode.HALF_UP));
            shown.add(e.written() + (e.unit() == DoseEntry.Unit.MG_PER_M2 && mg.isPresent() ? " = " + mg.get().toPlainString() + " mg" : ""));
            if (mg.isPresent() && mg.get().subtract(judged).abs().multiply(HUNDRED).compareTo(tolerance.multiply(judged)) > 0) {
                disagree = true;
            }
        }
        if (!disagree) {
            return Optional.empty();
        }
        return Optional.of(finding(new DataIssue("DQ-4", "dose-entries-disagree", order.reference(),
                String.join("; ", shown) + " → " + judged.toPlainString() + " mg", List.of())));
    }

    private static final BigDecimal HUNDRED = new BigDecimal(100);

    private static Finding finding(DataIssue issue) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("subject", ChartText.of(issue.subject()));
        // each item of a list ("a; b; c") is its own bounded chart text, so that a long list keeps every item's name
        params.put("detail", Arrays.stream(issue.detail().split("; ")).map(ChartText::of).toList());
        params.put("rulesNotEvaluated", String.join(", ", issue.rulesNotEvaluated()));
        return new Finding(List.of(issue.ruleId()), Topic.DATA_QUALITY, Indicator.WARNING,
                issue.ruleId().toLowerCase(Locale.ROOT) + "." + issue.kind(),
                params, Optional.empty(), Optional.empty(), List.of());
    }
}
