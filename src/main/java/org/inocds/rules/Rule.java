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
}
