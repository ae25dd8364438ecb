package org.inocds.rules;

import java.util.List;
import java.util.Map;
import org.inocds.record.ChartText;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.RecordPart;

/** CAU-1 — 慎重投与 (3): an active infection may worsen with marrow suppression. */
public final class CautionRule implements Rule {

    private static final DataNeeds READS = DataNeeds.rule("CAU-1", DataNeeds.of(RecordPart.CONDITIONS));

    @Override
    public DataNeeds reads() {
        return READS;
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx) {
        if (ctx.inotuzumabOrder().isEmpty()) {
            return List.of();
        }
        return ctx.record().facts(ClinicalConcept.INFECTION).stream()
                .filter(f -> f.status() == ClinicalFact.Status.ACTIVE)
                .findFirst()
                .map(f -> List.of(Finding.of("CAU-1", Topic.CAUTION, Indicator.WARNING, "cau-1.infection",
                        Map.of("infection", ChartText.of(f.display() + " (" + f.sourceRef() + ")")), List.of(OverrideReason.BENEFIT_OUTWEIGHS_RISK))))
                .orElse(List.of());
    }
}
