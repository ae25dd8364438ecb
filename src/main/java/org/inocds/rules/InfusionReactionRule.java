package org.inocds.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.ChartText;
import org.inocds.record.AdverseEventFact;
import org.inocds.record.DraftOrder;
import org.inocds.record.RecordPart;

/**
 * INF-1, INF-2 — 用法・用量に関連する使用上の注意 4 [非血液毒性] infusion reaction, and 注意 5: after a severe
 * infusion reaction (grade 3 or more, or serious) the drug is stopped; after a milder one, premedicate and
 * watch closely.
 */
public final class InfusionReactionRule implements Rule {

    private static final DataNeeds READS = DataNeeds.rule("INF-1", DataNeeds.DOSES, DataNeeds.of(RecordPart.ADVERSE_EVENTS, RecordPart.ALLERGIES))
                .and("INF-2", DataNeeds.DOSES, DataNeeds.of(RecordPart.ADVERSE_EVENTS, RecordPart.ALLERGIES));

    @Override
    public DataNeeds reads() {
        return READS;
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx) {
        Optional<DraftOrder> order = ctx.inotuzumabOrder();
        if (order.isEmpty()) {
            return List.of();
        }
        List<AdverseEventFact> reactions = ctx.record().adverseEvents().stream().filter(AdverseEventFact::infusionReaction).toList();
        if (reactions.isEmpty()) {
            return List.of();
        }
        Optional<AdverseEventFact> severe = reactions.stream()
                .filter(r -> r.serious() || r.grade().filter(g -> g >= 3).isPresent()).findFirst();
        if (severe.isPresent()) {
            return List.of(new Finding(List.of("INF-1"), Topic.DISCONTINUE, Indicator.CRITICAL, "inf-1.severe",
                    Map.of("event", describe(severe.get())), Optional.empty(),
                    Optional.of(new OrderChange.CancelOrder(order.get().reference())), List.of(OverrideReason.EHR_DATA_OUTDATED)));
        }
        return List.of(Finding.of("INF-2", Topic.PREMEDICATION, Indicator.WARNING, "inf-2.previous",
                Map.of("event", describe(reactions.get(reactions.size() - 1))), List.of(OverrideReason.BENEFIT_OUTWEIGHS_RISK)));
    }

    /** "Infusion-related reaction, G3, serious, 2025-12-20 (AdverseEvent/…)", worded by the card ({@code phrase.event.*}). */
    private static Phrase describe(AdverseEventFact e) {
        String key = "phrase.event" + (e.grade().isPresent() ? ".graded" : "") + (e.serious() ? ".serious" : "");
        return new Phrase(key, Map.of("display", ChartText.of(e.display()), "grade", e.grade().map(String::valueOf).orElse(""),
                "date", e.date().map(Object::toString).orElse("—"), "source", ChartText.of(e.sourceRef())));
    }
}
