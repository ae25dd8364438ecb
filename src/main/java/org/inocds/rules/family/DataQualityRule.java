package org.inocds.rules.family;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.inocds.record.ChartText;
import org.inocds.record.DataIssue;
import org.inocds.record.DoseEntry;
import org.inocds.record.DraftOrder;
import org.inocds.regimen.OrderPlacement;
import org.inocds.rules.Finding;
import org.inocds.rules.Threshold.Unit;
import org.inocds.rules.Threshold;
import org.inocds.rules.RuleSettings;
import org.inocds.rules.Indicator;
import org.inocds.rules.Phrase;
import org.inocds.rules.Rule;
import org.inocds.rules.RuleContext;
import org.inocds.rules.RuleFamily;
import org.inocds.rules.RuleId;
import org.inocds.rules.Topic;

/**
 * DQ-1…DQ-4 — fail visibly, never silently: every problem with the data that leaves a rule unevaluated
 * becomes a warning the clinician sees, naming the data and the rules it affects. The reader says what failed (a part
 * of the record, a result of an analyte) and how; the rules it affects are those that declare they read it
 * ({@link RuleId#reading}).
 */
public final class DataQualityRule implements Rule {

    /** The rules that judge the order's dose: unevaluated while it has none in a mass unit. */
    private static final List<RuleId> DOSE_RULES = List.of(RuleId.DOSE_2, RuleId.DOSE_3, RuleId.DOSE_4, RuleId.DOSE_5);

    @Override
    public List<RuleId> ids() {
        return RuleFamily.DATA_QUALITY.rules();
    }

    @Override
    public List<Threshold> thresholds(RuleSettings s) {
        return List.of(Threshold.setting("inocds.dosing.dose-tolerance-percent", "dose-tolerance", s.dosing().doseTolerancePercent(),
                Unit.PLUS_OR_MINUS_PERCENT, RuleId.DQ_4));
    }

    /** The data-quality rule of each kind of problem with the data read. */
    public static RuleId ruleOf(DataIssue.Kind kind) {
        return switch (kind) {
            case UNIT_UNKNOWN, VALUE_IMPLAUSIBLE -> RuleId.DQ_1;
            case FETCH_FAILED, RESOURCE_UNREADABLE, MEDICATION_UNRESOLVED -> RuleId.DQ_2;
            case TRUNCATED -> RuleId.DQ_3;
        };
    }

    /** The rules an issue leaves unevaluated: those that read its analyte, else those that read its part. */
    public static List<RuleId> affectedBy(DataIssue issue) {
        return issue.analyte().map(RuleId::reading).or(() -> issue.part().map(RuleId::reading)).orElse(List.of());
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx) {
        List<Finding> findings = new ArrayList<>();
        // Several keys failing the same way make one card naming them all, not a card per key.
        Map<DataIssue.Kind, List<DataIssue>> prefetchProblems = new LinkedHashMap<>();
        for (DataIssue issue : ctx.record().dataIssues()) {
            if (issue.kind().leavesPartUnknown()) {
                prefetchProblems.computeIfAbsent(issue.kind(), k -> new ArrayList<>()).add(issue);
            } else {
                findings.add(finding(ruleOf(issue.kind()), issue.kind().code(), issue.subject(), issue.detail(),
                        wouldHaveJudged(affectedBy(issue), ctx)));
            }
        }
        for (List<DataIssue> same : prefetchProblems.values()) {
            DataIssue first = same.get(0);
            // the rules that declared they read these parts: one source for "stays silent" and for this list
            Set<RuleId> rules = new LinkedHashSet<>();
            same.forEach(i -> rules.addAll(affectedBy(i)));
            String subjects = String.join(", ", same.stream().map(DataIssue::subject).toList());
            String details = String.join("; ", same.stream().map(i -> i.subject() + ": " + i.detail()).distinct().toList());
            findings.add(finding(ruleOf(first.kind()), first.kind().code(), subjects, same.size() == 1 ? first.detail() : details,
                    List.copyOf(rules)));
        }
        ctx.order().filter(DraftOrder::inotuzumab).ifPresent(order -> {
            order.doseProblem().ifPresent(kind -> findings.add(finding(RuleId.DQ_4, kind, named(order), "", DOSE_RULES)));
            order.codeProblem().ifPresent(kind -> findings.add(finding(RuleId.DQ_4,
                    order.medicationUnresolved() ? "medication-unresolved-named" : kind, named(order), order.name(), List.of())));
            entriesDisagree(ctx, order).ifPresent(findings::add);
        });
        // issue 26: a draft whose Medication could not be resolved may be inotuzumab, a premedication or an alkylator:
        // it was not checked, and the rules that read the other drafts stay silent (DataNeeds.andDraftOrders)
        for (DraftOrder d : ctx.otherDraftOrders()) {
            if (d.medicationUnresolved() && !d.inotuzumab()) {
                findings.add(finding(RuleId.DQ_4, DraftOrder.MEDICATION_UNRESOLVED, named(d), d.name(), RuleId.readingDraftOrders()));
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
        return Optional.of(finding(RuleId.DQ_4, "dose-entries-disagree", named(order),
                String.join("; ", shown) + " → " + judged.toPlainString() + " mg", List.of()));
    }

    private static final BigDecimal HUNDRED = new BigDecimal(100);

    /**
     * Of the rules a value that could not be used leaves unevaluated, those that would have judged this order where it
     * stands in the regimen (the families' own gates): a WBC in an unknown unit on a C1D1 order names ELIG-4, not the
     * HEM rules and MON-2, which judge a later cycle's start (issue 23, review). Without an order (the chart) all are named.
     */
    static List<RuleId> wouldHaveJudged(List<RuleId> rules, RuleContext ctx) {
        if (ctx.placement().isEmpty()) {
            return rules;
        }
        OrderPlacement p = ctx.placement().get();
        return rules.stream().filter(rule -> switch (rule) {
            case HEM_1, HEM_2, HEM_3 -> HematologicHoldRule.judges(p);
            case MON_2 -> MonitoringRule.judgesCounts(p);
            case ELIG_2, ELIG_3 -> EligibilityRule.judgesIndication(p);
            case ELIG_4 -> EligibilityRule.judgesBlasts(p);
            default -> true;
        }).toList();
    }

    /** A draft order as the clinician knows it: by its planned date, not its FHIR id (issue 23, item 4). */
    private static Phrase named(DraftOrder order) {
        return new Phrase("phrase.order", Map.of("date", order.plannedDate()));
    }

    private static Finding finding(RuleId rule, String kind, String subject, String detail, List<RuleId> notEvaluated) {
        return finding(rule, kind, ChartText.of(subject), detail, notEvaluated);
    }

    private static Finding finding(RuleId rule, String kind, Object subject, String detail, List<RuleId> notEvaluated) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("subject", subject);
        // each item of a list ("a; b; c") is its own bounded chart text, so that a long list keeps every item's name
        params.put("detail", Arrays.stream(detail.split("; ")).map(ChartText::of).toList());
        params.put("rulesNotEvaluated", List.copyOf(notEvaluated));
        params.put("ruleCount", notEvaluated.size()); // the message's plural: none of this order's checks may have needed it
        return Finding.of(rule, Topic.DATA_QUALITY, Indicator.WARNING, kind).params(params).build();
    }
}
