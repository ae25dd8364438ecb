package org.inocds.rules;

import java.util.Arrays;
import java.util.List;

/**
 * The families of the rule catalogue, one class each in {@code rules.family} (named as in the catalogue), and the engine
 * itself (DQ-5). A family decides the rules whose {@link RuleId} names it.
 */
public enum RuleFamily {
    ELIGIBILITY,
    HEPATIC,
    INFUSION_REACTION,
    HEMATOLOGIC_HOLD,
    TOXICITY,
    DOSE,
    DOSE_MODIFICATION,
    SCHEDULE,
    CYCLE_LIMIT,
    VOD_RISK,
    MONITORING,
    CAUTION,
    PREMEDICATION,
    PREPARATION,
    START_CHECKLIST,
    REGIMEN_STATUS,
    DATA_QUALITY,
    /** The rule book itself: a family that could not be evaluated (DQ-5). */
    ENGINE;

    /** The rules of this family, in the catalogue's order. */
    public List<RuleId> rules() {
        return Arrays.stream(RuleId.values()).filter(r -> r.family() == this).toList();
    }
}
