package org.inocds.rules.family;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.ChartText;
import org.inocds.record.AdverseEventFact;
import org.inocds.record.DraftOrder;
import org.inocds.rules.Finding;
import org.inocds.rules.Threshold.Unit;
import org.inocds.rules.Threshold;
import org.inocds.rules.RuleSettings;
import org.inocds.rules.Indicator;
import org.inocds.rules.OrderChange;
import org.inocds.rules.OverrideReason;
import org.inocds.rules.Phrase;
import org.inocds.rules.InotuzumabOrderRule;
import org.inocds.rules.RuleContext;
import org.inocds.rules.RuleFamily;
import org.inocds.rules.RuleId;
import org.inocds.rules.Topic;

/**
 * INF-1, INF-2 — 用法・用量に関連する使用上の注意 4 [非血液毒性] infusion reaction, and 注意 5: after a severe
 * infusion reaction (grade 3 or more, or serious) the drug is stopped; after a milder one, premedicate and
 * watch closely.
 */
public final class InfusionReactionRule implements InotuzumabOrderRule {

    @Override
    public List<RuleId> ids() {
        return RuleFamily.INFUSION_REACTION.rules();
    }

    /** A reaction of this grade or more is severe, as a serious one is (the label says serious; the grade is ours). */
    static final int SEVERE_FROM_GRADE = 3;

    @Override
    public List<Threshold> thresholds(RuleSettings s) {
        return List.of(Threshold.service("severe-reaction-grade", SEVERE_FROM_GRADE, Unit.GRADE, RuleId.INF_1));
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx, DraftOrder order) {
        List<AdverseEventFact> reactions = ctx.record().adverseEvents().stream().filter(AdverseEventFact::infusionReaction).toList();
        if (reactions.isEmpty()) {
            return List.of();
        }
        Optional<AdverseEventFact> severe = reactions.stream()
                .filter(r -> r.serious() || r.grade().filter(g -> g >= SEVERE_FROM_GRADE).isPresent()).findFirst();
        if (severe.isPresent()) {
            return List.of(Finding.of(RuleId.INF_1, Topic.DISCONTINUE, Indicator.CRITICAL, "severe")
                    .params(Map.of("event", describe(severe.get()))).change(new OrderChange.CancelOrder(order.reference()))
                    .reasons(OverrideReason.EHR_DATA_OUTDATED).build());
        }
        return List.of(Finding.of(RuleId.INF_2, Topic.PREMEDICATION, Indicator.WARNING, "previous")
                .params(Map.of("event", describe(reactions.get(reactions.size() - 1)))).reasons(OverrideReason.BENEFIT_OUTWEIGHS_RISK).build());
    }

    /**
     * "Infusion-related reaction, G3, SAE, 2025-12-20", worded by the card ({@code phrase.event}: its selects say whether a
     * grade and seriousness are shown). The event's date names it, not its FHIR id.
     */
    private static Phrase describe(AdverseEventFact e) {
        return new Phrase("phrase.event", Map.of("display", ChartText.of(e.display()), "graded", e.grade().isPresent(),
                "grade", e.grade().<Object>map(g -> g).orElse(Phrase.EMPTY), "serious", e.serious(),
                "date", e.date().<Object>map(d -> d).orElse(Phrase.NONE)));
    }
}
