package org.inocds.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.DataIssue;
import org.inocds.record.DraftOrder;

/**
 * DQ-1…DQ-4 — fail visibly, never silently: every problem with the data that leaves a rule unevaluated
 * becomes a warning the clinician sees, naming the data and the rules it affects.
 */
public final class DataQualityRule implements Rule {

    @Override
    public List<Finding> evaluate(RuleContext ctx) {
        List<Finding> findings = new ArrayList<>();
        for (DataIssue issue : ctx.record().dataIssues()) {
            findings.add(finding(issue));
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
        params.put("subject", issue.subject());
        params.put("detail", issue.detail());
        params.put("rulesNotEvaluated", String.join(", ", issue.rulesNotEvaluated()));
        return new Finding(List.of(issue.ruleId()), Topic.DATA_QUALITY, Indicator.WARNING,
                issue.ruleId().toLowerCase(java.util.Locale.ROOT) + "." + issue.kind(),
                params, Optional.empty(), Optional.empty(), List.of());
    }
}
