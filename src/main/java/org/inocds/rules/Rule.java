package org.inocds.rules;

import java.util.List;

/** One rule family of the rule catalogue: a pure function from the facts to findings. */
public interface Rule {

    /**
     * The rules this family decides (each declared once, with what it reads, in {@link RuleId}): named on the card when
     * the family could not be evaluated.
     */
    List<RuleId> ids();

    List<Finding> evaluate(RuleContext ctx);

    /**
     * The thresholds and windows this family compares with, each with the value in force under {@code settings}: read from
     * the very constants and settings its comparisons read (the rule pages show them; {@code cards/RulePagesHttpTest}
     * changes a setting and sees the page follow). A family that compares with nothing declares none.
     */
    default List<Threshold> thresholds(RuleSettings settings) {
        return List.of();
    }
}
