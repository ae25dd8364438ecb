package org.inocds.rules.family;

import java.util.List;
import org.inocds.rules.RuleBook;

/** The standard rule book: every family of the rule catalogue, in the order their cards are listed. */
public final class StandardRuleBook {

    private StandardRuleBook() {}

    public static RuleBook create() {
        return new RuleBook(List.of(new EligibilityRule(), new HepaticRule(), new InfusionReactionRule(),
                new HematologicHoldRule(), new ToxicityRule(), new DoseRule(), new DoseModificationRule(), new ScheduleRule(),
                new CycleLimitRule(), new VodRiskRule(), new MonitoringRule(), new CautionRule(), new PremedicationRule(),
                new PreparationRule(), new StartChecklistRule(), new RegimenStatusRule(), new DataQualityRule()));
    }
}
