package org.inocds.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.inocds.record.ChartText;
import org.inocds.record.DataIssue;
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
                .and("DQ-4");

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
            if (issue.kind().equals("fetch-failed") || issue.kind().equals("truncated")) {
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
                    "DQ-4", kind, order.reference(), "", List.of()))));
        });
        return findings;
    }

    private static Finding finding(DataIssue issue) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("subject", ChartText.of(issue.subject()));
        params.put("detail", ChartText.of(issue.detail()));
        params.put("rulesNotEvaluated", String.join(", ", issue.rulesNotEvaluated()));
        return new Finding(List.of(issue.ruleId()), Topic.DATA_QUALITY, Indicator.WARNING,
                issue.ruleId().toLowerCase(Locale.ROOT) + "." + issue.kind(),
                params, Optional.empty(), Optional.empty(), List.of());
    }
}
