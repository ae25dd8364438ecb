package org.inocds.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule families evaluated on every call, in the order their cards are listed (the standard book:
 * {@code rules.family.StandardRuleBook}). The engine knows the families only as {@link Rule}s and each rule by its
 * declaration ({@link RuleId}).
 */
public final class RuleBook {

    private static final Logger log = LoggerFactory.getLogger(RuleBook.class);

    private final List<Rule> rules;

    public RuleBook(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** A rule that read a part of the record that failed or was cut short concludes nothing (DQ-2/DQ-3 name it). */
    private static boolean readsUnavailable(RuleId rule, RuleContext ctx) {
        return rule.reads().parts().stream().anyMatch(ctx.record()::unavailable)
                || rule.reads().draftOrders() && ctx.otherDraftOrders().stream().anyMatch(d -> d.medicationUnresolved());
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The family of this book that decides {@code rule}. */
    public Rule deciding(RuleId rule) {
        return rules.stream().filter(r -> r.ids().contains(rule)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no family of the book decides " + rule));
    }

    /**
     * Every family's findings. A family that fails (a defect, or data no one foresaw) must not take the others with
     * it, nor be silent: its place is taken by a data-quality card naming the rules that were not evaluated (DQ-5),
     * and the log gets the exception type, the rule ids and where it was thrown — never the message, which may hold
     * patient data.
     */
    public List<Finding> evaluate(RuleContext ctx) {
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : rules) {
            try {
                for (Finding f : rule.evaluate(ctx)) {
                    if (f.ids().stream().noneMatch(id -> readsUnavailable(id, ctx))) {
                        findings.add(f);
                    }
                }
            } catch (RuntimeException e) {
                StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
                log.error("rules {} could not be evaluated: {} at {}", rule.ids(), e.getClass().getName(), at);
                findings.add(Finding.of(RuleId.DQ_5, Topic.DATA_QUALITY, Indicator.WARNING, "rule-failed")
                        .params(Map.of("rules", rule.ids())).build());
            }
        }
        return findings;
    }
}
