package org.inocds.rules;

import java.util.List;

/** One rule family of the rule catalogue: a pure function from the facts to findings. */
public interface Rule {

    /** Each the rule catalogue id this family decides, with the parts of the record it reads (declared once, typed). */
    DataNeeds reads();

    /** The ids this family decides: named on the card when the family could not be evaluated. */
    default List<String> ids() {
        return reads().ruleIds();
    }

    List<Finding> evaluate(RuleContext ctx);
}
