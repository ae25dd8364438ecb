package org.inocds.rules;

import java.util.ArrayList;
import java.util.List;

/** The rule families evaluated on every call, in the order their cards are listed. */
public final class RuleBook {

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

    public List<Finding> evaluate(RuleContext ctx) {
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : rules) {
            findings.addAll(rule.evaluate(ctx));
        }
        return findings;
    }
}
