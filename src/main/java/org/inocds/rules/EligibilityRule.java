package org.inocds.rules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.inocds.record.ChartText;
import org.inocds.record.Analyte;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.DraftOrder;
import org.inocds.record.DrugClass;
import org.inocds.record.OtherMedication;
import org.inocds.record.PatientRecord;
import org.inocds.record.RecordPart;
import org.inocds.regimen.OrderPlacement;

/**
 * ELIG-1…6, ELIG-8, ELIG-9 — who may receive the drug (禁忌, 効能・効果 and its 注意 1, 重要な基本的注意 (6),
 * 小児等への投与, 妊婦・授乳婦等, 用法・用量に関連する使用上の注意 6). ELIG-7 (contraception) is part of the start
 * checklist (START-1).
 */
public final class EligibilityRule implements Rule {

    private static final DataNeeds READS = DataNeeds.rule("ELIG-1", DataNeeds.of(RecordPart.ALLERGIES))
                .and("ELIG-2", DataNeeds.DOSES, DataNeeds.of(RecordPart.CONDITIONS))
                .and("ELIG-3", DataNeeds.DOSES, DataNeeds.of(RecordPart.LABS))
                .and("ELIG-4", DataNeeds.DOSES, DataNeeds.of(RecordPart.LABS))
                .and("ELIG-5", DataNeeds.of(RecordPart.PATIENT))
                .and("ELIG-6", DataNeeds.of(RecordPart.LABS, RecordPart.KEY_OBSERVATIONS, RecordPart.CONDITIONS))
                .and("ELIG-8", DataNeeds.of(RecordPart.CONDITIONS, RecordPart.KEY_OBSERVATIONS, RecordPart.LABS))
                .and("ELIG-9", DataNeeds.DOSES)
                .andDraftOrders("ELIG-9");

    @Override
    public DataNeeds reads() {
        return READS;
    }

    /** 重要な基本的注意 (6): cytoreduce first when peripheral blasts exceed 10,000/µL. */
    static final BigDecimal BLAST_LIMIT_PER_UL = new BigDecimal(10_000);
    /** A positive pregnancy result counts while no negative one follows it, for this many days. */
    static final int PREGNANCY_RESULT_VALID_DAYS = 30;

    @Override
    public List<Finding> evaluate(RuleContext ctx) {
        var placed = ctx.placedOrder();
        if (placed.isEmpty()) {
            return List.of();
        }
        DraftOrder order = placed.get().order();
        OrderPlacement p = placed.get().placement();
        var record = ctx.record();
        LocalDate planned = order.plannedDate();
        var cancel = Optional.<OrderChange>of(new OrderChange.CancelOrder(order.reference()));
        List<Finding> findings = new ArrayList<>();

        for (var allergy : record.inotuzumabAllergies()) {
            findings.add(new Finding(List.of("ELIG-1"), Topic.CONTRAINDICATION, Indicator.CRITICAL, "elig-1.hypersensitivity",
                    Map.of("allergy", ChartText.of(allergy.display()), "source", ChartText.of(allergy.sourceRef())), Optional.empty(), cancel,
                    List.of(OverrideReason.EHR_DATA_OUTDATED)));
        }
        if (p.cycle() == 1 && !record.has(ClinicalConcept.ALL, ClinicalFact.Status.ACTIVE)) {
            findings.add(simple("ELIG-2", Indicator.WARNING, "elig-2.no-all", Map.of()));
        }
        if (p.cycle() == 1 && !record.has(ClinicalConcept.CD22, ClinicalFact.Status.POSITIVE)) {
            var negative = record.facts(ClinicalConcept.CD22).stream().filter(f -> f.status() == ClinicalFact.Status.NEGATIVE).findFirst();
            findings.add(simple("ELIG-3", Indicator.WARNING, negative.isPresent() ? "elig-3.cd22-negative" : "elig-3.cd22-missing",
                    Map.of("result", negative.<Object>map(f -> ChartText.of(f.display() + ", " + f.date().map(Object::toString).orElse("") + " (" + f.sourceRef() + ")")).orElse("—"))));
        }
        if (p.cycle() == 1 && p.day() == 1) {
            record.latest(Analyte.PERIPHERAL_BLASTS, planned, ctx.settings().rules().labWindowDays())
                    .filter(b -> b.value().compareTo(BLAST_LIMIT_PER_UL) > 0)
                    .ifPresent(b -> findings.add(simple("ELIG-4", Indicator.WARNING, "elig-4.high-blasts",
                            Map.of("value", b.value(), "date", b.date(), "received", b.received(),
                                    "derived", b.derived().<Object>map(d -> d).orElse("—")))));
        }
        record.ageOn(planned).filter(age -> age < ctx.settings().rules().pediatricAgeBelow())
                .ifPresent(age -> findings.add(simple("ELIG-5", Indicator.WARNING, "elig-5.pediatric",
                        Map.of("age", age, "limit", ctx.settings().rules().pediatricAgeBelow()))));
        pregnancy(record, planned).ifPresent(evidence -> findings.add(Finding.of("ELIG-6", Topic.ELIGIBILITY, Indicator.CRITICAL, "elig-6.pregnant",
                Map.of("evidence", evidence), List.of(OverrideReason.BENEFIT_OUTWEIGHS_RISK, OverrideReason.EHR_DATA_OUTDATED))));
        record.facts(ClinicalConcept.LACTATION).stream().filter(f -> f.status() == ClinicalFact.Status.ACTIVE).findFirst()
                .ifPresent(f -> findings.add(simple("ELIG-8", Indicator.WARNING, "elig-8.lactating",
                        Map.of("evidence", ChartText.of(f.display() + " (" + f.sourceRef() + ")")))));
        otherAntineoplastics(ctx, p).ifPresent(findings::add);
        return findings;
    }

    private static Optional<ChartText> pregnancy(PatientRecord record, LocalDate planned) {
        for (ClinicalFact f : record.facts(ClinicalConcept.PREGNANCY)) {
            if (f.status() == ClinicalFact.Status.ACTIVE) {
                return Optional.of(ChartText.of(f.display() + " (" + f.sourceRef() + ")"));
            }
        }
        Optional<ClinicalFact> latestResult = record.facts(ClinicalConcept.PREGNANCY).stream()
                .filter(f -> f.status() == ClinicalFact.Status.POSITIVE || f.status() == ClinicalFact.Status.NEGATIVE)
                .filter(f -> f.date().isPresent() && !f.date().get().isAfter(planned)
                        && !f.date().get().isBefore(planned.minusDays(PREGNANCY_RESULT_VALID_DAYS)))
                .max(Comparator.comparing(f -> f.date().get()));
        return latestResult.filter(f -> f.status() == ClinicalFact.Status.POSITIVE)
                .map(f -> ChartText.of(f.display() + ", " + f.date().get() + " (" + f.sourceRef() + ")"));
    }

    /** ELIG-9: other antineoplastics active or ordered now; cytoreduction before the first dose is expected. */
    private static Optional<Finding> otherAntineoplastics(RuleContext ctx, OrderPlacement p) {
        boolean beforeFirstDose = p.kind() == OrderPlacement.Kind.FIRST_DOSE;
        Set<String> agents = new LinkedHashSet<>();
        for (OtherMedication m : ctx.record().otherMedications()) {
            if (m.status() != OtherMedication.Status.DONE && counts(m.classes(), beforeFirstDose)) {
                agents.add(m.name());
            }
        }
        for (DraftOrder d : ctx.otherDraftOrders()) {
            if (counts(d.classes(), beforeFirstDose)) {
                agents.add(d.name());
            }
        }
        if (agents.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("agents", agents.stream().map(ChartText::of).toList());
        return Optional.of(simple("ELIG-9", Indicator.WARNING, "elig-9.combination", params));
    }

    private static boolean counts(Set<DrugClass> classes, boolean beforeFirstDose) {
        return classes.contains(DrugClass.ANTINEOPLASTIC) && !(beforeFirstDose && classes.contains(DrugClass.CYTOREDUCTION));
    }

    private static Finding simple(String rule, Indicator indicator, String key, Map<String, Object> params) {
        return new Finding(List.of(rule), Topic.ELIGIBILITY, indicator, key, params, Optional.empty(), Optional.empty(),
                indicator == Indicator.INFO ? List.of() : List.of(OverrideReason.BENEFIT_OUTWEIGHS_RISK, OverrideReason.EHR_DATA_OUTDATED));
    }
}
