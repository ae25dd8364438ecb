package org.inocds.rules.family;

import java.util.List;
import java.util.Map;
import org.inocds.record.ChartText;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.DraftOrder;
import org.inocds.rules.Finding;
import org.inocds.rules.Indicator;
import org.inocds.rules.OverrideReason;
import org.inocds.rules.InotuzumabOrderRule;
import org.inocds.rules.RuleContext;
import org.inocds.rules.RuleFamily;
import org.inocds.rules.RuleId;
import org.inocds.rules.Topic;

/** CAU-1 — 慎重投与 (3): an active infection may worsen with marrow suppression. */
public final class CautionRule implements InotuzumabOrderRule {

    @Override
    public List<RuleId> ids() {
        return RuleFamily.CAUTION.rules();
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx, DraftOrder order) {
        return ctx.record().facts(ClinicalConcept.INFECTION).stream()
                .filter(f -> f.status() == ClinicalFact.Status.ACTIVE)
                .findFirst()
                .map(f -> List.of(Finding.of(RuleId.CAU_1, Topic.CAUTION, Indicator.WARNING, "infection")
                        .params(Map.of("infection", FactText.of(f.display(), f.date())))
                        .reasons(OverrideReason.BENEFIT_OUTWEIGHS_RISK).build()))
                .orElse(List.of());
    }
}
