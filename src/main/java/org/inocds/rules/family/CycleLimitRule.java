package org.inocds.rules.family;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.ChartText;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.DraftOrder;
import org.inocds.regimen.CycleLimit;
import org.inocds.regimen.OrderPlacement;
import org.inocds.rules.DoseEvidence;
import org.inocds.rules.Finding;
import org.inocds.rules.Threshold.Unit;
import org.inocds.rules.Threshold;
import org.inocds.rules.RuleSettings;
import org.inocds.rules.Indicator;
import org.inocds.rules.Phrase;
import org.inocds.rules.OverrideReason;
import org.inocds.rules.PlacedOrderRule;
import org.inocds.rules.RuleContext;
import org.inocds.rules.RuleFamily;
import org.inocds.rules.RuleId;
import org.inocds.rules.Topic;

/**
 * CYC-1…4 — 用法・用量に関連する使用上の注意 2, 3: how many cycles, given the HSCT plan and the response.
 * With HSCT planned: the fewest cycles that work (info in cycles 2–3), stop by the end of cycle 3 unless
 * unavoidable (cycle 4 on). Without: up to 6 cycles, but stop if no CR/CRi by the end of cycle 3. Beyond 6
 * cycles efficacy and safety are not established.
 */
public final class CycleLimitRule implements PlacedOrderRule {

    @Override
    public List<RuleId> ids() {
        return RuleFamily.CYCLE_LIMIT.rules();
    }

    @Override
    public List<Threshold> thresholds(RuleSettings s) {
        return List.of(
                Threshold.label("last-cycle-with-hsct", CycleLimit.WITH_HSCT_PLANNED, Unit.CYCLE, RuleId.CYC_1, RuleId.CYC_2),
                Threshold.label("response-by-cycle", CycleLimit.RESPONSE_BY, Unit.CYCLE, RuleId.CYC_3),
                Threshold.label("last-cycle", CycleLimit.MAXIMUM, Unit.CYCLE, RuleId.CYC_3, RuleId.CYC_4));
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx, DraftOrder order, OrderPlacement p) {
        int cycle = p.cycle();
        Optional<ClinicalFact> hsctPlan = ctx.record().facts(ClinicalConcept.HSCT).stream()
                .filter(f -> f.status() == ClinicalFact.Status.PLANNED).findFirst();
        boolean remission = ctx.timeline().remissionSince().isPresent();
        var evidence = DoseEvidence.of(ctx, Optional.empty(), Optional.empty());
        List<Finding> findings = new ArrayList<>();
        Map<String, Object> params = Map.of("cycle", cycle,
                "hsctPlan", hsctPlan.<Object>map(f -> FactText.of(f.display(), f.date())).orElse(Phrase.NONE));
        if (cycle > CycleLimit.MAXIMUM) {
            findings.add(Finding.of(RuleId.CYC_4, Topic.CYCLE_LIMIT, Indicator.WARNING, "beyond-six")
                    .params(params).dose(evidence).reasons(OverrideReason.BENEFIT_OUTWEIGHS_RISK).build());
        }
        if (cycle > CycleLimit.WITH_HSCT_PLANNED && hsctPlan.isPresent()) {
            findings.add(Finding.of(RuleId.CYC_1, Topic.CYCLE_LIMIT, Indicator.WARNING, "hsct-beyond-three")
                    .params(params).dose(evidence).reasons(OverrideReason.THERAPEUTICALLY_UNAVOIDABLE).build());
        } else if (cycle > CycleLimit.RESPONSE_BY && !remission) {
            findings.add(Finding.of(RuleId.CYC_3, Topic.CYCLE_LIMIT, Indicator.WARNING, "no-response")
                    .params(params).dose(evidence).reasons(OverrideReason.BENEFIT_OUTWEIGHS_RISK, OverrideReason.EHR_DATA_OUTDATED).build());
        } else if (cycle >= 2 && cycle <= CycleLimit.WITH_HSCT_PLANNED && hsctPlan.isPresent() && p.day() == 1) {
            findings.add(Finding.of(RuleId.CYC_2, Topic.CYCLE_LIMIT, Indicator.INFO, "fewest-cycles").params(params).dose(evidence).build());
        }
        return findings;
    }
}
