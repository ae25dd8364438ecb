package org.inocds.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a rule concluded, free of language and JSON: the card layer renders it.
 *
 * @param rules the the rule catalogue ids that produced it (first one names the rule page)
 * @param messageKey the message family in the card bundles ({@code <key>.summary}, {@code <key>.detail})
 * @param params named values for the messages; numbers are BigDecimal/Integer, dates LocalDate
 * @param dose dosing evidence, on dose, dose-modification and schedule findings
 * @param change a proposed change to the draft order
 */
public record Finding(
        List<String> rules,
        Topic topic,
        Indicator indicator,
        String messageKey,
        Map<String, Object> params,
        Optional<DoseEvidence> dose,
        Optional<OrderChange> change,
        List<OverrideReason> overrideReasons) {

    public Finding {
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("a finding names at least one rule");
        }
        rules = List.copyOf(rules);
        params = Map.copyOf(params);
        overrideReasons = List.copyOf(overrideReasons);
    }

    /** A finding of one rule that proposes no change to the order and carries no dose evidence: most of them. */
    public static Finding of(String rule, Topic topic, Indicator indicator, String messageKey, Map<String, Object> params,
            List<OverrideReason> overrideReasons) {
        return new Finding(List.of(rule), topic, indicator, messageKey, params, Optional.empty(), Optional.empty(), overrideReasons);
    }

    public String primaryRule() {
        return rules.get(0);
    }
}
