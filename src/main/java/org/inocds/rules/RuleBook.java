package org.inocds.rules;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.inocds.record.RecordPart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    /** A rule that read a part of the record that failed or was cut short concludes nothing (DQ-2/DQ-3 name it). */
    private static boolean readsUnavailable(Rule family, String ruleId, RuleContext ctx) {
        return family.reads().partsOf(ruleId).stream().anyMatch(ctx.record()::unavailable)
                || family.reads().readsDraftOrders(ruleId) && ctx.otherDraftOrders().stream().anyMatch(d -> d.medicationUnresolved());
    }

    /** The rules of the standard book that read {@code part}: named on the data-quality card when it is missing. */
    public static List<String> rulesReading(RecordPart part) {
        return Readers.BY_PART.getOrDefault(part, List.of());
    }

    /** The rules of the standard book that read the call's other draft orders: named when one could not be resolved. */
    public static List<String> draftOrderReaders() {
        return Readers.OF_DRAFTS;
    }

    private static final class Readers {
        static final Map<RecordPart, List<String>> BY_PART = byPart();
        static final List<String> OF_DRAFTS = standard().rules().stream()
                .flatMap(r -> r.reads().ruleIds().stream().filter(id -> r.reads().readsDraftOrders(id))).toList();

        private static Map<RecordPart, List<String>> byPart() {
            Map<RecordPart, List<String>> out = new EnumMap<>(RecordPart.class);
            for (Rule rule : standard().rules()) {
                rule.reads().asMap().forEach((id, parts) -> parts.forEach(p -> out.computeIfAbsent(p, k -> new ArrayList<>()).add(id)));
            }
            out.replaceAll((k, v) -> List.copyOf(v));
            return out;
        }
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
                for (Finding f : rule.evaluate(ctx)) {
                    if (f.rules().stream().noneMatch(id -> readsUnavailable(rule, id, ctx))) {
                        findings.add(f);
                    }
                }
            } catch (RuntimeException e) {
                StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
                log.error("rules {} could not be evaluated: {} at {}", rule.ids(), e.getClass().getName(), at);
                findings.add(Finding.of("DQ-5", Topic.DATA_QUALITY, Indicator.WARNING, "dq-5.rule-failed",
                        Map.of("rules", String.join(", ", rule.ids())), List.of()));
            }
        }
        return findings;
    }
}
