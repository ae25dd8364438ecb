package org.inocds.rules.family;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.ChartText;
import org.inocds.record.AdverseEventFact;
import org.inocds.record.Analyte;
import org.inocds.record.DraftOrder;
import org.inocds.record.LabResult;
import org.inocds.rules.Finding;
import org.inocds.rules.Threshold.Unit;
import org.inocds.rules.Threshold;
import org.inocds.rules.RuleSettings;
import org.inocds.rules.Indicator;
import org.inocds.rules.OrderChange;
import org.inocds.rules.OverrideReason;
import org.inocds.rules.Phrase;
import org.inocds.rules.InotuzumabOrderRule;
import org.inocds.rules.RuleContext;
import org.inocds.rules.RuleFamily;
import org.inocds.rules.RuleId;
import org.inocds.rules.Topic;
import org.inocds.rules.UnitOf;
import org.inocds.rules.UpperLimit;

/**
 * TOX-1 — 用法・用量に関連する使用上の注意 4 [非血液毒性] and its 注2 (CTCAE v3.0): an ongoing non-haematological
 * toxicity of grade 2 or more, above the grade it had before treatment, holds the dose until grade 1 or the
 * pre-treatment grade. Lipase or amylase above 1.5 × ULN counts as grade 2 (CTCAE v3.0), unless it was so
 * before the first dose. Haematological events are left to the HEM rules; infusion reactions to INF.
 *
 * <p>"Haematological" is CTCAE v3.0's BLOOD/BONE MARROW category (the code set {@code hematologic-adverse-event} says so),
 * not a later version's: v3.0 files febrile neutropenia, and infection with normal or low neutrophils, under INFECTION,
 * so an ongoing grade ≥ 2 febrile neutropenia holds the dose here (RULES TOX-1).
 */
public final class ToxicityRule implements InotuzumabOrderRule {

    @Override
    public List<RuleId> ids() {
        return RuleFamily.TOXICITY.rules();
    }

    static final BigDecimal ENZYME_GRADE2_FACTOR = new BigDecimal("1.5");
    /** 注意 4 [非血液毒性]: grade 2 or more holds the dose (CTCAE v3.0, 注2). */
    static final int HOLD_FROM_GRADE = 2;

    @Override
    public List<Threshold> thresholds(RuleSettings s) {
        List<Threshold> all = new ArrayList<>(List.of(
                Threshold.label("toxicity-grade-min", HOLD_FROM_GRADE, Unit.GRADE, RuleId.TOX_1),
                Threshold.label("enzymes-max", ENZYME_GRADE2_FACTOR, Unit.TIMES_ULN, RuleId.TOX_1),
                Threshold.setting("inocds.rules.lab-window-days", "lab-window", s.rules().labWindowDays(), Unit.DAYS, RuleId.TOX_1),
                Threshold.setting("inocds.monitoring.baseline-window-days", "baseline-window", s.monitoring().baselineWindowDays(),
                        Unit.DAYS, RuleId.TOX_1)));
        all.addAll(Threshold.siteUpperLimits(s, List.of(Analyte.LIPASE, Analyte.AMYLASE), RuleId.TOX_1));
        return all;
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx, DraftOrder order) {
        Optional<LocalDate> c1d1 = ctx.timeline().isEmpty() ? Optional.empty() : Optional.of(ctx.timeline().cycles().get(0).day1());
        List<Phrase> reasons = new ArrayList<>();
        for (AdverseEventFact e : ctx.record().adverseEvents()) {
            if (!e.ongoing() || e.hematologic() || e.infusionReaction() || e.grade().filter(g -> g >= HOLD_FROM_GRADE).isEmpty()) {
                continue;
            }
            int baseline = ctx.record().adverseEvents().stream()
                    .filter(b -> b.eventKey().equals(e.eventKey()) && c1d1.isPresent()
                            && b.date().filter(d -> !d.isAfter(c1d1.get())).isPresent())
                    .flatMap(b -> b.grade().stream()).max(Integer::compare).orElse(0);
            if (e.grade().get() > baseline) {
                // "Nausea: G2* (G1 ⇐ C1D1), 2026-01-08": * marks a grade read from the severity, explained on the card
                reasons.add(new Phrase(baseline > 0 ? "phrase.tox-event.above-baseline" : "phrase.tox-event", Map.of("display", ChartText.of(e.display()),
                        "grade", e.grade().get(), "fromSeverity", e.gradeFromSeverity() ? Phrase.of("phrase.grade-from-severity") : Phrase.EMPTY, "baseline", baseline,
                        "date", e.date().<Object>map(d -> d).orElse(Phrase.NONE))));
            }
        }
        LocalDate planned = order.plannedDate();
        for (Analyte enzyme : List.of(Analyte.LIPASE, Analyte.AMYLASE)) {
            Optional<LabResult> latest = ctx.record().latest(enzyme, planned, ctx.settings().rules().labWindowDays());
            if (latest.isEmpty()) {
                continue;
            }
            Optional<UpperLimit> uln = UpperLimit.of(latest.get(), ctx.record(), ctx.settings());
            if (uln.isEmpty() || !uln.get().exceededBy(latest.get(), ENZYME_GRADE2_FACTOR)) {
                continue;
            }
            boolean highBefore = c1d1.flatMap(d -> ctx.record().latest(enzyme, d, ctx.settings().monitoring().baselineWindowDays()))
                    .flatMap(b -> UpperLimit.of(b, ctx.record(), ctx.settings()).filter(u -> u.exceededBy(b, ENZYME_GRADE2_FACTOR)))
                    .isPresent();
            if (!highBefore) {
                reasons.add(new Phrase("phrase.tox-enzyme", Map.of("analyte", enzyme, "value", latest.get().value().stripTrailingZeros(),
                        "unit", new UnitOf(enzyme), "date", latest.get().date(), "factor", ENZYME_GRADE2_FACTOR,
                        "uln", uln.get().value().stripTrailingZeros(), "origin", UpperLimit.origin(uln.get()))));
            }
        }
        if (reasons.isEmpty()) {
            return List.of();
        }
        return List.of(Finding.of(RuleId.TOX_1, Topic.HOLD_TOXICITY, Indicator.WARNING, "hold").params(Map.of("events", reasons))
                .change(new OrderChange.CancelOrder(order.reference())).reasons(OverrideReason.EHR_DATA_OUTDATED).build());
    }
}
