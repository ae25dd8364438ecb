package org.inocds.support;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.inocds.record.DraftOrder;
import org.inocds.record.PatientRecord;
import org.inocds.rules.Finding;
import org.inocds.rules.Hook;
import org.inocds.rules.PatientReview;
import org.inocds.rules.Rule;
import org.inocds.rules.RuleContext;
import org.inocds.rules.RuleSettings;

/** Runs one rule family the way the service does: real timeline, real placement, default settings. */
public final class RuleRuns {

    private RuleRuns() {}

    public static RuleContext context(Hook hook, PatientRecord record, DraftOrder order, List<DraftOrder> others, RuleSettings settings) {
        var timeline = PatientReview.timeline(record, settings);
        var placement = timeline.place(order.plannedDate(), order.explicitPosition());
        return new RuleContext(hook, record, timeline, Optional.of(order), Optional.of(placement), others,
                order.plannedDate(), settings);
    }

    public static List<Finding> run(Rule rule, Hook hook, PatientRecord record, DraftOrder order) {
        return rule.evaluate(context(hook, record, order, List.of(), org.inocds.support.Settings.defaults()));
    }

    public static List<Finding> run(Rule rule, PatientRecord record, DraftOrder order) {
        return run(rule, Hook.ORDER_SIGN, record, order);
    }

    public static LocalDate day(String iso) {
        return LocalDate.parse(iso);
    }
}
