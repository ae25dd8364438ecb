package org.inocds.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a rule concluded, free of language and JSON: the card layer renders it. Built with {@link #of}:
 * {@code Finding.of(RuleId.HEM_1, Topic.HOLD_HEMATOLOGIC, Indicator.WARNING, "hold").params(…).change(…).build()}.
 *
 * @param ids the rules that produced it (the first one names the rule page)
 * @param messageKey the message family in the card bundles ({@code <key>.summary}, {@code <key>.detail})
 * @param params named values for the messages; numbers are BigDecimal/Integer, dates LocalDate, chart words ChartText —
 *     never a String ({@link CardValues})
 * @param dose dosing evidence, on dose, dose-modification and schedule findings
 * @param change a proposed change to the draft order
 */
public record Finding(
        List<RuleId> ids,
        Topic topic,
        Indicator indicator,
        String messageKey,
        Map<String, Object> params,
        Optional<DoseEvidence> dose,
        Optional<OrderChange> change,
        List<OverrideReason> overrideReasons) {

    public Finding {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("a finding names at least one rule");
        }
        ids = List.copyOf(ids);
        params = CardValues.checked(messageKey, params); // chart words only as ChartText, never a String
        overrideReasons = List.copyOf(overrideReasons);
    }

    /**
     * A finding of {@code rule} whose messages are {@code <rule in lower case>.<message>} in the bundles
     * ({@code hem-1.hold}); more rules may be named with {@link Builder#also}.
     */
    public static Builder of(RuleId rule, Topic topic, Indicator indicator, String message) {
        return new Builder(List.of(rule), topic, indicator, rule.messageKey(message));
    }

    /** A finding of several rules at once whose messages are {@code messageKey} (the monitoring items due: {@code mon.due}). */
    public static Builder ofRules(List<RuleId> rules, Topic topic, Indicator indicator, String messageKey) {
        return new Builder(rules, topic, indicator, messageKey);
    }

    /** The rule codes as the card states them ({@code extension.inocds.finding.rules}). */
    public List<String> rules() {
        return ids.stream().map(RuleId::code).toList();
    }

    public RuleId primary() {
        return ids.get(0);
    }

    public String primaryRule() {
        return primary().code();
    }

    /** Whether {@code rule} is one of the rules that produced it. */
    public boolean by(RuleId rule) {
        return ids.contains(rule);
    }

    /** The same finding proposing no change to the order (one decisive answer, a next dose that is no order). */
    public Finding withoutChange() {
        return new Finding(ids, topic, indicator, messageKey, params, dose, Optional.empty(), overrideReasons);
    }

    /** Builds a finding: the rules, topic, indicator and messages first, the rest as the rule has them. */
    public static final class Builder {
        private final List<RuleId> rules;
        private final Topic topic;
        private final Indicator indicator;
        private final String messageKey;
        private Map<String, Object> params = Map.of();
        private Optional<DoseEvidence> dose = Optional.empty();
        private Optional<OrderChange> change = Optional.empty();
        private List<OverrideReason> reasons = List.of();

        private Builder(List<RuleId> rules, Topic topic, Indicator indicator, String messageKey) {
            this.rules = new ArrayList<>(rules);
            this.topic = topic;
            this.indicator = indicator;
            this.messageKey = messageKey;
        }

        /** Another rule the same finding decides (SCHED-2 with MOD-2). */
        public Builder also(RuleId rule) {
            rules.add(rule);
            return this;
        }

        public Builder params(Map<String, Object> values) {
            this.params = values;
            return this;
        }

        public Builder dose(DoseEvidence evidence) {
            return dose(Optional.of(evidence));
        }

        public Builder dose(Optional<DoseEvidence> evidence) {
            this.dose = evidence;
            return this;
        }

        public Builder change(OrderChange proposed) {
            return change(Optional.of(proposed));
        }

        public Builder change(Optional<OrderChange> proposed) {
            this.change = proposed;
            return this;
        }

        public Builder reasons(OverrideReason... reasons) {
            return reasons(List.of(reasons));
        }

        public Builder reasons(List<OverrideReason> reasons) {
            this.reasons = reasons;
            return this;
        }

        public Finding build() {
            return new Finding(rules, topic, indicator, messageKey, params, dose, change, reasons);
        }
    }
}
