package org.inocds.rules;

import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** The rule families evaluated on every call, in the order their cards are listed. */
public final class RuleBook {

    private static final Logger log = LoggerFactory.getLogger(RuleBook.class);

    private final List<Rule> rules;

    public RuleBook(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static RuleBook standard() {
        return new RuleBook(List.of(new EligibilityRule(), new HepaticRule(), new InfusionReactionRule(),
                new HematologicHoldRule(), new ToxicityRule(), new DoseRule(), new DoseModificationRule(), new ScheduleRule(),
                new CycleLimitRule(), new VodRiskRule(), new MonitoringRule(), new CautionRule(), new PremedicationRule(),
                new PreparationRule(), new StartChecklistRule(), new RegimenStatusRule(), new DataQualityRule()));
    }

    /**
     * The hold, stop and limit families that decide whether the next dose may be given (RULES.md STATUS-1): run on
     * patient-view against the next dose as if it were ordered today.
     */
    public static RuleBook nextDoseChecks() {
        return new RuleBook(List.of(new HepaticRule(), new InfusionReactionRule(), new HematologicHoldRule(), new ToxicityRule(),
                new DoseModificationRule(), new CycleLimitRule()));
    }

    public List<Rule> rules() {
        return rules;
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
                findings.addAll(rule.evaluate(ctx));
            } catch (RuntimeException e) {
                StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
                log.error("rules {} could not be evaluated: {} at {}", rule.ids(), e.getClass().getName(), at);
                findings.add(new Finding(List.of("DQ-5"), Topic.DATA_QUALITY, Indicator.WARNING, "dq-5.rule-failed",
                        Map.of("rules", String.join(", ", rule.ids())), Optional.empty(), Optional.empty(), List.of()));
            }
        }
        return findings;
    }
}
