package org.inocds.rules;

import java.util.List;

/** One rule family of RULES.md: a pure function from the facts to findings. */
public interface Rule {

    /** The RULES.md ids this family decides: named on the card when the family could not be evaluated. */
    List<String> ids();

    List<Finding> evaluate(RuleContext ctx);
}
