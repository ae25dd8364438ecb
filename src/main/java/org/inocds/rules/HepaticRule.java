package org.inocds.rules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.ChartText;
import org.inocds.record.Analyte;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.DraftOrder;
import org.inocds.record.LabResult;
import org.inocds.record.RecordPart;

/**
 * HEP-1, HEP-2 — 用法・用量に関連する使用上の注意 4 [非血液毒性] and its 注1.
 *
 * <p>HEP-1: VOD/SOS or another severe liver injury that began after the first dose, or VOD/SOS active now,
 * means stopping the drug (critical, cancel). HEP-2: before every dose, total bilirubin above 1.5 × ULN or
 * AST/ALT above 2.5 × ULN holds it until back within those limits; the bilirubin criterion does not apply to
 * Gilbert syndrome or haemolysis (the card says so). Limits are compared exactly: bilirubin 1.8 against ULN 1.2
 * is exactly 1.5 × and holds nothing; 1.81 holds.
 */
public final class HepaticRule implements Rule {

    private static final DataNeeds READS = DataNeeds.rule("HEP-1", DataNeeds.DOSES, DataNeeds.of(RecordPart.CONDITIONS))
                .and("HEP-2", DataNeeds.DOSES, DataNeeds.of(RecordPart.LABS, RecordPart.CONDITIONS));

    @Override
    public DataNeeds reads() {
        return READS;
    }

    public static final BigDecimal BILIRUBIN_FACTOR = new BigDecimal("1.5");
    public static final BigDecimal TRANSAMINASE_FACTOR = new BigDecimal("2.5");

    @Override
    public List<Finding> evaluate(RuleContext ctx) {
        Optional<DraftOrder> maybeOrder = ctx.inotuzumabOrder();
        if (maybeOrder.isEmpty()) {
            return List.of();
        }
        DraftOrder order = maybeOrder.get();
        var record = ctx.record();
        Optional<LocalDate> c1d1 = ctx.timeline().isEmpty() ? Optional.empty() : Optional.of(ctx.timeline().cycles().get(0).day1());
        List<Finding> findings = new ArrayList<>();
        for (ClinicalConcept concept : List.of(ClinicalConcept.VOD_SOS, ClinicalConcept.SEVERE_LIVER_INJURY)) {
            for (ClinicalFact f : record.facts(concept)) {
                boolean afterTreatment = c1d1.isPresent() && f.date().filter(d -> d.isAfter(c1d1.get())).isPresent()
                        && f.status() != ClinicalFact.Status.RESOLVED;
                boolean activeVod = concept == ClinicalConcept.VOD_SOS && f.status() == ClinicalFact.Status.ACTIVE;
                if (afterTreatment || activeVod) {
                    findings.add(new Finding(List.of("HEP-1"), Topic.DISCONTINUE, Indicator.CRITICAL, "hep-1.discontinue",
                            Map.of("condition", ChartText.of(f.display()), "date", f.date().map(Object::toString).orElse("—"), "source", ChartText.of(f.sourceRef())),
                            Optional.empty(), Optional.of(new OrderChange.CancelOrder(order.reference())),
                            List.of(OverrideReason.EHR_DATA_OUTDATED)));
                    return findings;
                }
            }
        }
        int window = ctx.settings().rules().labWindowDays();
        LocalDate planned = order.plannedDate();
        boolean waived = record.has(ClinicalConcept.GILBERT_OR_HEMOLYSIS, ClinicalFact.Status.ACTIVE);
        List<Phrase> over = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        Optional<Phrase> waivedBilirubin = Optional.empty();
        for (Analyte a : List.of(Analyte.BILIRUBIN_TOTAL, Analyte.AST, Analyte.ALT)) {
            Optional<LabResult> result = record.latest(a, planned, window);
            if (result.isEmpty()) {
                continue;
            }
            Optional<UpperLimit> uln = UpperLimit.of(result.get(), ctx.settings());
            if (uln.isEmpty()) {
                continue;
            }
            BigDecimal factor = a == Analyte.BILIRUBIN_TOTAL ? BILIRUBIN_FACTOR : TRANSAMINASE_FACTOR;
            Phrase line = describe(result.get(), uln.get(), factor);
            if (uln.get().exceededBy(result.get(), factor)) {
                if (a == Analyte.BILIRUBIN_TOTAL && waived) {
                    waivedBilirubin = Optional.of(line);
                } else {
                    over.add(line);
                }
            }
        }
        if (!over.isEmpty()) {
            params.put("results", over);
            findings.add(new Finding(List.of("HEP-2"), Topic.HOLD_HEPATIC, Indicator.WARNING, "hep-2.hold", params,
                    Optional.empty(), Optional.of(new OrderChange.CancelOrder(order.reference())),
                    List.of(OverrideReason.EHR_DATA_OUTDATED)));
        }
        waivedBilirubin.ifPresent(line -> findings.add(Finding.of("HEP-2", Topic.HOLD_HEPATIC, Indicator.INFO, "hep-2.bilirubin-waived", Map.of("result", line, "condition", record.facts(ClinicalConcept.GILBERT_OR_HEMOLYSIS).stream()
                        .filter(f -> f.status() == ClinicalFact.Status.ACTIVE).findFirst().map(ClinicalFact::display).orElse("")), List.of())));
        return findings;
    }

    /**
     * "T-Bil 1.81 mg/dL (2026-01-09) > 1.5 × ULN 1.2 (R) = 1.8": the result, the limit and where its ULN came from
     * (R: the result's own range; S: the site default), worded by the card ({@code phrase.above-uln}).
     */
    static Phrase describe(LabResult r, UpperLimit uln, BigDecimal factor) {
        return new Phrase("phrase.above-uln", Map.of("analyte", r.analyte(), "value", r.value().stripTrailingZeros(), "unit", r.analyte().unit(),
                "date", r.date(), "received", r.received().endsWith(r.analyte().unit()) ? "" : "; " + r.received(), "factor", factor,
                "uln", uln.value().stripTrailingZeros(), "origin", UpperLimit.origin(uln),
                "limit", uln.value().multiply(factor).stripTrailingZeros()));
    }
}
