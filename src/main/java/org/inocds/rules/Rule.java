package org.inocds.rules;

import java.util.List;

/** One rule family of RULES.md: a pure function from the facts to findings. */
public interface Rule {
    List<Finding> evaluate(RuleContext ctx);
}
