package org.inocds.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.ChartText;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.RecordPart;
import org.inocds.regimen.OrderPlacement;
import org.inocds.regimen.CycleLimit;

/**
 * CYC-1…4 — 用法・用量に関連する使用上の注意 2, 3: how many cycles, given the HSCT plan and the response.
 * With HSCT planned: the fewest cycles that work (info in cycles 2–3), stop by the end of cycle 3 unless
 * unavoidable (cycle 4 on). Without: up to 6 cycles, but stop if no CR/CRi by the end of cycle 3. Beyond 6
 * cycles efficacy and safety are not established.
 */
public final class CycleLimitRule implements Rule {

    private static final DataNeeds READS = DataNeeds.rule("CYC-1", DataNeeds.LEVEL, DataNeeds.of(RecordPart.SERVICE_REQUESTS, RecordPart.CARE_PLANS, RecordPart.PROCEDURES))
                .and("CYC-2", DataNeeds.LEVEL, DataNeeds.of(RecordPart.SERVICE_REQUESTS, RecordPart.CARE_PLANS, RecordPart.PROCEDURES))
                .and("CYC-3", DataNeeds.LEVEL, DataNeeds.of(RecordPart.SERVICE_REQUESTS, RecordPart.CARE_PLANS, RecordPart.PROCEDURES))
                .and("CYC-4", DataNeeds.DOSES);

    @Override
    public DataNeeds reads() {
        return READS;
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx) {
        var placed = ctx.placedOrder();
        if (placed.isEmpty()) {
            return List.of();
        }
        OrderPlacement p = placed.get().placement();
        int cycle = p.cycle();
        Optional<ClinicalFact> hsctPlan = ctx.record().facts(ClinicalConcept.HSCT).stream()
                .filter(f -> f.status() == ClinicalFact.Status.PLANNED).findFirst();
        boolean remission = ctx.timeline().remissionSince().isPresent();
        var evidence = Optional.of(DoseEvidence.of(ctx, Optional.empty(), Optional.empty()));
        List<Finding> findings = new ArrayList<>();
        Map<String, Object> params = Map.of("cycle", cycle,
                "hsctPlan", hsctPlan.<Object>map(f -> ChartText.of(f.display() + " (" + f.sourceRef() + ")")).orElse("—"));
        if (cycle > CycleLimit.MAXIMUM) {
            findings.add(new Finding(List.of("CYC-4"), Topic.CYCLE_LIMIT, Indicator.WARNING, "cyc-4.beyond-six",
                    params, evidence, Optional.empty(), List.of(OverrideReason.BENEFIT_OUTWEIGHS_RISK)));
        }
        if (cycle > CycleLimit.WITH_HSCT_PLANNED && hsctPlan.isPresent()) {
            findings.add(new Finding(List.of("CYC-1"), Topic.CYCLE_LIMIT, Indicator.WARNING, "cyc-1.hsct-beyond-three",
                    params, evidence, Optional.empty(), List.of(OverrideReason.THERAPEUTICALLY_UNAVOIDABLE)));
        } else if (cycle > CycleLimit.RESPONSE_BY && !remission) {
            findings.add(new Finding(List.of("CYC-3"), Topic.CYCLE_LIMIT, Indicator.WARNING, "cyc-3.no-response",
                    params, evidence, Optional.empty(), List.of(OverrideReason.BENEFIT_OUTWEIGHS_RISK, OverrideReason.EHR_DATA_OUTDATED)));
        } else if (cycle >= 2 && cycle <= CycleLimit.WITH_HSCT_PLANNED && hsctPlan.isPresent() && p.day() == 1) {
            findings.add(new Finding(List.of("CYC-2"), Topic.CYCLE_LIMIT, Indicator.INFO, "cyc-2.fewest-cycles",
                    params, evidence, Optional.empty(), List.of()));
        }
        return findings;
    }
}
