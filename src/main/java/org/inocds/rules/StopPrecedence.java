package org.inocds.rules;

import java.util.List;
import java.util.Set;

/**
 * One decisive answer per order (docs/design.md "Precedence"): when the order must not be given at all — contraindicated
 * (禁忌, ELIG-1), pregnancy (妊婦, ELIG-6), or a stop (中止: HEP-1, INF-1, MOD-3 at level 3) — nothing beside it may
 * carry the order forward. The cards that prepare giving it (the start checklist, the dose calculation, preparation, a
 * level followed, premedication) and every card about the dose itself (DOSE-2, an overdose DOSE-3, DOSE-5, MOD-3
 * warnings: the dose of an order that must not be given is moot) are left out; the cards that remain (holds, limits,
 * data quality) keep their facts but lose any suggestion other than withdrawing the order: a prescriber must never read
 * "cancel this order" beside "change the dose to 1.60 mg" or "overdose" in one answer.
 */
final class StopPrecedence {

    private StopPrecedence() {}

    /** The pregnancy rule is an eligibility card by topic, but a stop by what it says (do not give). */
    private static final Set<RuleId> STOPPING_RULES = Set.of(RuleId.ELIG_6);

    static boolean stops(Finding f) {
        return f.indicator() == Indicator.CRITICAL && (f.topic() == Topic.CONTRAINDICATION || f.topic() == Topic.DISCONTINUE
                || f.ids().stream().anyMatch(STOPPING_RULES::contains));
    }

    private static boolean correctsTheDose(Finding f) {
        return f.topic() == Topic.DOSE || (f.topic() == Topic.DOSE_MODIFICATION && f.change().isPresent());
    }

    /** The findings of one order, with the stop taking precedence when there is one. */
    static List<Finding> apply(List<Finding> ofOneOrder) {
        if (ofOneOrder.stream().noneMatch(StopPrecedence::stops)) {
            return ofOneOrder;
        }
        return ofOneOrder.stream()
                .filter(f -> stops(f) || f.topic() == Topic.DATA_QUALITY
                        || (f.topic() != Topic.DOSE && (f.indicator() == Indicator.CRITICAL
                                || (f.indicator() == Indicator.WARNING && !correctsTheDose(f)))))
                .map(f -> f.change().filter(c -> !(c instanceof OrderChange.CancelOrder)).isPresent() ? f.withoutChange() : f)
                .toList();
    }
}
