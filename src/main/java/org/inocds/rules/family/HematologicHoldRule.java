package org.inocds.rules.family;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.Analyte;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.DraftOrder;
import org.inocds.record.LabResult;
import org.inocds.record.PatientRecord;
import org.inocds.regimen.OrderPlacement;
import org.inocds.rules.Finding;
import org.inocds.rules.Threshold.Unit;
import org.inocds.rules.Threshold;
import org.inocds.rules.RuleSettings;
import org.inocds.rules.Indicator;
import org.inocds.rules.OrderChange;
import org.inocds.rules.OverrideReason;
import org.inocds.rules.Phrase;
import org.inocds.rules.PlacedOrderRule;
import org.inocds.rules.RuleContext;
import org.inocds.rules.RuleFamily;
import org.inocds.rules.RuleId;
import org.inocds.rules.Topic;

/**
 * HEM-1, HEM-2, HEM-3 — 用法・用量に関連する使用上の注意 4 [血液毒性]: counts at the start of cycle 2 and later.
 *
 * <p>Baseline = the newest ANC and platelets on or before C1D1 (at most 14 days before). If both baselines
 * were at or above 1,000/µL and 50,000/µL (HEM-1), each current count must be back at that threshold. If
 * either was below (HEM-2), start when both are at least their baselines, or ANC ≥ 1,000/µL and platelets
 * ≥ 50,000/µL; a stable or improved marrow with cytopenia from the disease is an override reason. A platelet
 * count within 7 days after a platelet transfusion is not transfusion-independent (HEM-3).
 */
public final class HematologicHoldRule implements PlacedOrderRule {

    @Override
    public List<RuleId> ids() {
        return RuleFamily.HEMATOLOGIC_HOLD.rules();
    }

    public static final BigDecimal ANC_THRESHOLD = new BigDecimal(1_000);
    public static final BigDecimal PLATELET_THRESHOLD = new BigDecimal(50_000);
    /** The counts are judged at the start of cycle 2 and later (注意 4 [血液毒性]). */
    static final int FROM_CYCLE = 2;

    @Override
    public List<Threshold> thresholds(RuleSettings s) {
        return List.of(
                Threshold.label("anc-min", ANC_THRESHOLD.longValueExact(), Unit.PER_MICROLITRE, RuleId.HEM_1, RuleId.HEM_2),
                Threshold.label("platelets-min", PLATELET_THRESHOLD.longValueExact(), Unit.PER_MICROLITRE, RuleId.HEM_1, RuleId.HEM_2),
                Threshold.label("hold-from-cycle", FROM_CYCLE, Unit.CYCLE, RuleId.HEM_1, RuleId.HEM_2),
                Threshold.setting("inocds.monitoring.baseline-window-days", "baseline-window", s.monitoring().baselineWindowDays(),
                        Unit.DAYS, RuleId.HEM_1, RuleId.HEM_2),
                Threshold.setting("inocds.rules.lab-window-days", "lab-window", s.rules().labWindowDays(), Unit.DAYS, RuleId.HEM_1,
                        RuleId.HEM_2),
                Threshold.setting("inocds.monitoring.transfusion-window-days", "transfusion-window", s.monitoring().transfusionWindowDays(),
                        Unit.DAYS, RuleId.HEM_3));
    }

    /**
     * Whether HEM-1, HEM-2 and HEM-3 judge an order at this place: a later cycle's day 1 (the counts decide whether the
     * next cycle starts). Read by the family and by the data-quality cards, which name only the rules that would have judged.
     */
    static boolean judges(OrderPlacement p) {
        return p.cycle() >= FROM_CYCLE && p.day() == 1;
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx, DraftOrder order, OrderPlacement p) {
        if (!judges(p) || ctx.timeline().isEmpty()) {
            return List.of();
        }
        PatientRecord record = ctx.record();
        LocalDate planned = order.plannedDate();
        int window = ctx.settings().rules().labWindowDays();
        Optional<LabResult> anc = record.latest(Analyte.ANC, planned, window);
        Optional<LabResult> platelets = record.latest(Analyte.PLATELETS, planned, window);
        if (anc.isEmpty() || platelets.isEmpty()) {
            return List.of(); // MON-2 says what is missing
        }
        LocalDate c1d1 = ctx.timeline().cycles().get(0).day1();
        int baselineWindow = ctx.settings().monitoring().baselineWindowDays();
        Optional<LabResult> baseAnc = record.latest(Analyte.ANC, c1d1, baselineWindow);
        Optional<LabResult> basePlt = record.latest(Analyte.PLATELETS, c1d1, baselineWindow);

        List<Finding> findings = new ArrayList<>();
        transfusionCaveat(ctx, platelets.get()).ifPresent(findings::add);

        boolean lowBaseline = baseAnc.map(b -> b.value().compareTo(ANC_THRESHOLD) < 0).orElse(false)
                || basePlt.map(b -> b.value().compareTo(PLATELET_THRESHOLD) < 0).orElse(false);
        boolean ancOk = anc.get().value().compareTo(ANC_THRESHOLD) >= 0;
        boolean pltOk = platelets.get().value().compareTo(PLATELET_THRESHOLD) >= 0;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("cycle", p.cycle());
        params.put("day", p.day());
        params.put("anc", count(anc.get()));
        params.put("platelets", count(platelets.get()));
        params.put("baselineAnc", baseAnc.<Object>map(HematologicHoldRule::count).orElse(Phrase.NONE));
        params.put("baselinePlatelets", basePlt.<Object>map(HematologicHoldRule::count).orElse(Phrase.NONE));
        params.put("c1d1", c1d1);
        params.put("baselineWindow", baselineWindow);
        params.put("ancLimit", ANC_THRESHOLD.longValueExact());
        params.put("plateletLimit", PLATELET_THRESHOLD.longValueExact());
        if (!lowBaseline) {
            if (ancOk && pltOk) {
                return findings;
            }
            List<Analyte> low = new ArrayList<>();
            if (!ancOk) {
                low.add(Analyte.ANC);
            }
            if (!pltOk) {
                low.add(Analyte.PLATELETS);
            }
            params.put("low", low);
            // the summary leads with the patient's failing counts, then the limit (an EHR may show summaries only)
            List<Phrase> failing = new ArrayList<>();
            if (!ancOk) {
                failing.add(below(Analyte.ANC, anc.get(), ANC_THRESHOLD));
            }
            if (!pltOk) {
                failing.add(below(Analyte.PLATELETS, platelets.get(), PLATELET_THRESHOLD));
            }
            params.put("failing", failing);
            findings.add(hold(order, RuleId.HEM_1, baseAnc.isEmpty() || basePlt.isEmpty() ? "hold-no-baseline" : "hold",
                    params, OverrideReason.EHR_DATA_OUTDATED));
            return findings;
        }
        // docs/rule-catalogue.md HEM-2: one baseline low and the other not found — the missing one is held to its threshold only.
        boolean ancBack = baseAnc.map(b -> anc.get().value().compareTo(b.value()) >= 0).orElse(ancOk);
        boolean pltBack = basePlt.map(b -> platelets.get().value().compareTo(b.value()) >= 0).orElse(pltOk);
        if ((ancBack && pltBack) || (ancOk && pltOk)) {
            return findings;
        }
        List<Phrase> failing = new ArrayList<>();
        if (!ancBack && !ancOk) {
            failing.add(belowBaseline(Analyte.ANC, anc.get(), baseAnc, ANC_THRESHOLD));
        }
        if (!pltBack && !pltOk) {
            failing.add(belowBaseline(Analyte.PLATELETS, platelets.get(), basePlt, PLATELET_THRESHOLD));
        }
        if (failing.isEmpty()) { // each count recovered one way, but not both the same way: name both
            failing.add(belowBaseline(Analyte.ANC, anc.get(), baseAnc, ANC_THRESHOLD));
            failing.add(belowBaseline(Analyte.PLATELETS, platelets.get(), basePlt, PLATELET_THRESHOLD));
        }
        params.put("failing", failing);
        findings.add(hold(order, RuleId.HEM_2, baseAnc.isEmpty() || basePlt.isEmpty() ? "hold-one-baseline" : "hold", params,
                OverrideReason.CYTOPENIA_FROM_DISEASE, OverrideReason.EHR_DATA_OUTDATED));
        return findings;
    }

    private static Finding hold(DraftOrder order, RuleId rule, String message, Map<String, Object> params, OverrideReason... reasons) {
        return Finding.of(rule, Topic.HOLD_HEMATOLOGIC, Indicator.WARNING, message).params(params)
                .change(new OrderChange.CancelOrder(order.reference())).reasons(reasons).build();
    }

    private static Optional<Finding> transfusionCaveat(RuleContext ctx, LabResult platelets) {
        int days = ctx.settings().monitoring().transfusionWindowDays();
        return ctx.record().facts(ClinicalConcept.PLATELET_TRANSFUSION).stream()
                .filter(f -> f.status() == ClinicalFact.Status.DONE && f.date().isPresent())
                .filter(f -> !f.date().get().isAfter(platelets.date())
                        && ChronoUnit.DAYS.between(f.date().get(), platelets.date()) <= days)
                .reduce((a, b) -> b)
                .map(f -> Finding.of(RuleId.HEM_3, Topic.DATA_QUALITY, Indicator.WARNING, "transfusion")
                        .params(Map.of("transfusion", f.date().get(), "count", count(platelets), "countDate", platelets.date(), "days", days))
                        .build());
    }

    /** "ANC 900/µL (under 1,000)": a count that fails its threshold, for the summary. */
    private static Phrase below(Analyte analyte, LabResult r, BigDecimal limit) {
        return new Phrase("phrase.count-below", Map.of("analyte", analyte, "value", perMicrolitre(r), "limit", limit.longValueExact()));
    }

    /** "ANC 600/µL (baseline 800, under 1,000)": a count back neither to its baseline nor to its threshold. */
    private static Phrase belowBaseline(Analyte analyte, LabResult r, Optional<LabResult> baseline, BigDecimal limit) {
        return baseline.map(b -> new Phrase("phrase.count-below-baseline", Map.of("analyte", analyte, "value", perMicrolitre(r),
                "baseline", perMicrolitre(b), "limit", limit.longValueExact()))).orElse(below(analyte, r, limit));
    }

    private static long perMicrolitre(LabResult r) {
        return r.value().setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** "2,500/µL (2026-01-09)", or with how it was derived: worded by the card ({@code phrase.count}, {@code phrase.count-derived}). */
    static Phrase count(LabResult r) {
        long perMicrolitre = r.value().setScale(0, RoundingMode.HALF_UP).longValueExact();
        return r.derived().map(d -> new Phrase("phrase.count-derived", Map.of("value", perMicrolitre, "date", r.date(), "derived", d)))
                .orElse(new Phrase("phrase.count", Map.of("value", perMicrolitre, "date", r.date())));
    }
}
