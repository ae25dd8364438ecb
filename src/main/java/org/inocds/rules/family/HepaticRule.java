package org.inocds.rules.family;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.ChartText;
import org.inocds.record.Analyte;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
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
 * HEP-1, HEP-2 — 用法・用量に関連する使用上の注意 4 [非血液毒性] and its 注1.
 *
 * <p>HEP-1: VOD/SOS or another severe liver injury that began after the first dose, or VOD/SOS active now,
 * means stopping the drug (critical, cancel). HEP-2: before every dose, total bilirubin above 1.5 × ULN or
 * AST/ALT above 2.5 × ULN holds it until back within those limits. Note 1: a rise due to active Gilbert syndrome
 * waives the bilirubin criterion, one due to active haemolysis the bilirubin and the AST criteria (ALT still counts); an
 * info card names each waived result and its cause and asks the clinician to confirm the cause. Limits are compared exactly: bilirubin 1.8 against ULN 1.2
 * is exactly 1.5 × and holds nothing; 1.81 holds.
 */
public final class HepaticRule implements InotuzumabOrderRule {

    @Override
    public List<RuleId> ids() {
        return RuleFamily.HEPATIC.rules();
    }

    public static final BigDecimal BILIRUBIN_FACTOR = new BigDecimal("1.5");
    public static final BigDecimal TRANSAMINASE_FACTOR = new BigDecimal("2.5");

    @Override
    public List<Threshold> thresholds(RuleSettings s) {
        List<Threshold> all = new ArrayList<>(List.of(
                Threshold.label("bilirubin-max", BILIRUBIN_FACTOR, Unit.TIMES_ULN, RuleId.HEP_2),
                Threshold.label("transaminases-max", TRANSAMINASE_FACTOR, Unit.TIMES_ULN, RuleId.HEP_2),
                Threshold.setting("inocds.rules.lab-window-days", "lab-window", s.rules().labWindowDays(), Unit.DAYS, RuleId.HEP_2)));
        all.addAll(Threshold.siteUpperLimits(s, List.of(Analyte.BILIRUBIN_TOTAL, Analyte.AST, Analyte.ALT), RuleId.HEP_2));
        return all;
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx, DraftOrder order) {
        var record = ctx.record();
        Optional<LocalDate> c1d1 = ctx.timeline().isEmpty() ? Optional.empty() : Optional.of(ctx.timeline().cycles().get(0).day1());
        List<Finding> findings = new ArrayList<>();
        for (ClinicalConcept concept : List.of(ClinicalConcept.VOD_SOS, ClinicalConcept.SEVERE_LIVER_INJURY)) {
            for (ClinicalFact f : record.facts(concept)) {
                // 注意 4 [非血液毒性]: VOD/SOS or severe liver injury that arose on treatment means stopping for good,
                // whatever its status now — resolved or in remission still means stop
                boolean afterTreatment = c1d1.isPresent() && f.date().filter(d -> d.isAfter(c1d1.get())).isPresent();
                boolean activeVod = concept == ClinicalConcept.VOD_SOS && f.status() == ClinicalFact.Status.ACTIVE;
                if (afterTreatment || activeVod) {
                    findings.add(Finding.of(RuleId.HEP_1, Topic.DISCONTINUE, Indicator.CRITICAL, "discontinue")
                            .params(Map.of("condition", ChartText.of(f.display()), "date", f.date().<Object>map(d -> d).orElse(Phrase.NONE)))
                            .change(new OrderChange.CancelOrder(order.reference())).reasons(OverrideReason.EHR_DATA_OUTDATED).build());
                    return findings;
                }
            }
        }
        int window = ctx.settings().rules().labWindowDays();
        LocalDate planned = order.plannedDate();
        List<Phrase> over = new ArrayList<>();
        List<Phrase> waived = new ArrayList<>();
        List<Phrase> waivedInBrief = new ArrayList<>(); // the summary's: value, limit and cause, within 140 characters
        for (Analyte a : List.of(Analyte.BILIRUBIN_TOTAL, Analyte.AST, Analyte.ALT)) {
            Optional<LabResult> result = record.latest(a, planned, window);
            if (result.isEmpty()) {
                continue;
            }
            Optional<UpperLimit> uln = UpperLimit.of(result.get(), record, ctx.settings());
            if (uln.isEmpty()) {
                continue;
            }
            BigDecimal factor = a == Analyte.BILIRUBIN_TOTAL ? BILIRUBIN_FACTOR : TRANSAMINASE_FACTOR;
            if (!uln.get().exceededBy(result.get(), factor)) {
                continue;
            }
            Phrase line = describe(result.get(), uln.get(), factor);
            Optional<ClinicalFact> explains = explainedBy(a).stream()
                    .flatMap(c -> record.facts(c).stream().filter(f -> f.status() == ClinicalFact.Status.ACTIVE)).findFirst();
            if (explains.isPresent()) {
                waived.add(new Phrase("phrase.hep-waived", Map.of("analyte", a, "result", line,
                        "condition", Phrase.of("phrase.waived-by." + explains.get().concept().name()),
                        "recorded", ChartText.of(explains.get().display()))));
                BigDecimal limit = uln.get().value().multiply(factor).stripTrailingZeros();
                waivedInBrief.add(new Phrase("phrase.hep-waived-brief", Map.of("analyte", a, "value", result.get().value().stripTrailingZeros(),
                        "unit", new UnitOf(a), "limit", limit, "cause", Phrase.of("phrase.waived-cause." + explains.get().concept().name()))));
            } else {
                over.add(line);
            }
        }
        if (!over.isEmpty()) {
            findings.add(Finding.of(RuleId.HEP_2, Topic.HOLD_HEPATIC, Indicator.WARNING, "hold").params(Map.of("results", over))
                    .change(new OrderChange.CancelOrder(order.reference())).reasons(OverrideReason.EHR_DATA_OUTDATED).build());
        }
        if (!waived.isEmpty()) {
            findings.add(Finding.of(RuleId.HEP_2, Topic.HOLD_HEPATIC, Indicator.INFO, "waived").params(Map.of("results", waived, "brief", waivedInBrief)).build());
        }
        return findings;
    }

    /**
     * The label's note 1 to [非血液毒性] is causal: a rise due to Gilbert syndrome or haemolysis does not hold the dose. Gilbert
     * syndrome raises unconjugated bilirubin only; haemolysis raises bilirubin and AST (red cells hold AST, hardly any ALT),
     * so with haemolysis only ALT still counts (RULES HEP-2). Gilbert syndrome is named first where both could explain it.
     */
    private static List<ClinicalConcept> explainedBy(Analyte analyte) {
        return switch (analyte) {
            case BILIRUBIN_TOTAL -> List.of(ClinicalConcept.GILBERT_SYNDROME, ClinicalConcept.HEMOLYSIS);
            case AST -> List.of(ClinicalConcept.HEMOLYSIS);
            default -> List.of();
        };
    }

    /**
     * "T-Bil 1.81 mg/dL (2026-01-09) > 1.5 × ULN 1.2 (R) = 1.8": the result, the limit and where its ULN came from
     * (R: the result's own range; S: the site default), worded by the card ({@code phrase.above-uln}).
     */
    static Phrase describe(LabResult r, UpperLimit uln, BigDecimal factor) {
        return new Phrase("phrase.above-uln", Map.of("analyte", r.analyte(), "value", r.value().stripTrailingZeros(), "unit", new UnitOf(r.analyte()),
                "date", r.date(), "received", r.received().endsWith(r.analyte().unit()) ? Phrase.EMPTY : new Phrase("phrase.received", Map.of("received", ChartText.of(r.received()))), "factor", factor,
                "uln", uln.value().stripTrailingZeros(), "origin", UpperLimit.origin(uln),
                "limit", uln.value().multiply(factor).stripTrailingZeros()));
    }
}
