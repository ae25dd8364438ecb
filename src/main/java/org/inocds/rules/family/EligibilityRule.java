package org.inocds.rules.family;

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
import org.inocds.regimen.OrderPlacement;
import org.inocds.rules.Finding;
import org.inocds.rules.Threshold.Unit;
import org.inocds.rules.Threshold;
import org.inocds.rules.RuleSettings;
import org.inocds.rules.Indicator;
import org.inocds.rules.Phrase;
import org.inocds.rules.OrderChange;
import org.inocds.rules.OverrideReason;
import org.inocds.rules.PlacedOrderRule;
import org.inocds.rules.RuleContext;
import org.inocds.rules.RuleFamily;
import org.inocds.rules.RuleId;
import org.inocds.rules.Topic;

/**
 * ELIG-1…6, ELIG-8, ELIG-9 — who may receive the drug (禁忌, 効能・効果 and its 注意 1, 重要な基本的注意 (6),
 * 小児等への投与, 妊婦・授乳婦等, 用法・用量に関連する使用上の注意 6). ELIG-7 (contraception) is part of the start
 * checklist (START-1).
 */
public final class EligibilityRule implements PlacedOrderRule {

    @Override
    public List<RuleId> ids() {
        return RuleFamily.ELIGIBILITY.rules();
    }

    /** 重要な基本的注意 (6): cytoreduce first when peripheral blasts exceed 10,000/µL. */
    static final BigDecimal BLAST_LIMIT_PER_UL = new BigDecimal(10_000);
    /** A positive pregnancy result counts while no negative one follows it, for this many days. */
    static final int PREGNANCY_RESULT_VALID_DAYS = 30;

    /** ELIG-2 and ELIG-3 judge cycle 1 orders (the indication is checked when treatment starts). */
    static boolean judgesIndication(OrderPlacement p) {
        return p.cycle() == 1;
    }

    /** ELIG-4 judges the first day of treatment (cytoreduce before the first dose). */
    static boolean judgesBlasts(OrderPlacement p) {
        return p.cycle() == 1 && p.day() == 1;
    }

    @Override
    public List<Threshold> thresholds(RuleSettings s) {
        return List.of(
                Threshold.label("peripheral-blasts-max", BLAST_LIMIT_PER_UL.longValueExact(), Unit.PER_MICROLITRE, RuleId.ELIG_4),
                Threshold.setting("inocds.rules.lab-window-days", "lab-window", s.rules().labWindowDays(), Unit.DAYS, RuleId.ELIG_4),
                Threshold.setting("inocds.rules.pediatric-age-below", "pediatric-age-below", s.rules().pediatricAgeBelow(), Unit.YEARS,
                        RuleId.ELIG_5),
                Threshold.service("pregnancy-result-valid", PREGNANCY_RESULT_VALID_DAYS, Unit.DAYS, RuleId.ELIG_6));
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx, DraftOrder order, OrderPlacement p) {
        var record = ctx.record();
        LocalDate planned = order.plannedDate();
        var cancel = new OrderChange.CancelOrder(order.reference());
        List<Finding> findings = new ArrayList<>();

        for (var allergy : record.inotuzumabAllergies()) {
            findings.add(Finding.of(RuleId.ELIG_1, Topic.CONTRAINDICATION, Indicator.CRITICAL, "hypersensitivity")
                    .params(Map.of("allergy", ChartText.of(allergy.display()), "date", allergy.date().<Object>map(d -> d).orElse(Phrase.NONE))).change(cancel)
                    .reasons(OverrideReason.EHR_DATA_OUTDATED).build());
        }
        if (judgesIndication(p) && !record.has(ClinicalConcept.ALL, ClinicalFact.Status.ACTIVE)) {
            findings.add(simple(RuleId.ELIG_2, "no-all", Map.of()));
        }
        if (judgesIndication(p) && !record.has(ClinicalConcept.CD22, ClinicalFact.Status.POSITIVE)) {
            var negative = record.facts(ClinicalConcept.CD22).stream().filter(f -> f.status() == ClinicalFact.Status.NEGATIVE).findFirst();
            findings.add(simple(RuleId.ELIG_3, negative.isPresent() ? "cd22-negative" : "cd22-missing",
                    Map.of("result", negative.<Object>map(f -> FactText.of(f.display(), f.date())).orElse(Phrase.NONE))));
        }
        if (judgesBlasts(p)) {
            record.latest(Analyte.PERIPHERAL_BLASTS, planned, ctx.settings().rules().labWindowDays())
                    .filter(b -> b.value().compareTo(BLAST_LIMIT_PER_UL) > 0)
                    .ifPresent(b -> findings.add(simple(RuleId.ELIG_4, "high-blasts",
                            Map.of("value", b.value(), "date", b.date(), "received", ChartText.of(b.received()),
                                    "derived", b.derived().<Object>map(d -> d).orElse(Phrase.NONE)))));
        }
        record.ageOn(planned).filter(age -> age < ctx.settings().rules().pediatricAgeBelow())
                .ifPresent(age -> findings.add(simple(RuleId.ELIG_5, "pediatric",
                        Map.of("age", age, "limit", ctx.settings().rules().pediatricAgeBelow()))));
        pregnancy(record, planned).ifPresent(evidence -> findings.add(Finding.of(RuleId.ELIG_6, Topic.ELIGIBILITY, Indicator.CRITICAL, "pregnant")
                .params(Map.of("evidence", evidence)).reasons(OverrideReason.BENEFIT_OUTWEIGHS_RISK, OverrideReason.EHR_DATA_OUTDATED).build()));
        record.facts(ClinicalConcept.LACTATION).stream().filter(f -> f.status() == ClinicalFact.Status.ACTIVE).findFirst()
                .ifPresent(f -> findings.add(simple(RuleId.ELIG_8, "lactating",
                        Map.of("evidence", FactText.of(f.display(), f.date())))));
        otherAntineoplastics(ctx, p).ifPresent(findings::add);
        return findings;
    }

    private static Optional<Object> pregnancy(PatientRecord record, LocalDate planned) {
        for (ClinicalFact f : record.facts(ClinicalConcept.PREGNANCY)) {
            if (f.status() == ClinicalFact.Status.ACTIVE) {
                return Optional.of(FactText.of(f.display(), f.date()));
            }
        }
        Optional<ClinicalFact> latestResult = record.facts(ClinicalConcept.PREGNANCY).stream()
                .filter(f -> f.status() == ClinicalFact.Status.POSITIVE || f.status() == ClinicalFact.Status.NEGATIVE)
                .filter(f -> f.date().isPresent() && !f.date().get().isAfter(planned)
                        && !f.date().get().isBefore(planned.minusDays(PREGNANCY_RESULT_VALID_DAYS)))
                .max(Comparator.comparing(f -> f.date().get()));
        // a test result is named as one, with its result: a laboratory may send only the code ("2118-8") as its name
        return latestResult.filter(f -> f.status() == ClinicalFact.Status.POSITIVE)
                .map(f -> new Phrase("phrase.pregnancy-test-positive", Map.of("test", ChartText.of(f.display()),
                        "date", f.date().<Object>map(d -> d).orElse(Phrase.NONE))));
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
        params.put("count", agents.size());
        return Optional.of(simple(RuleId.ELIG_9, "combination", params));
    }

    private static boolean counts(Set<DrugClass> classes, boolean beforeFirstDose) {
        return classes.contains(DrugClass.ANTINEOPLASTIC) && !(beforeFirstDose && classes.contains(DrugClass.CYTOREDUCTION));
    }

    /** An eligibility warning: the benefit may outweigh the risk, or the chart may be out of date. */
    private static Finding simple(RuleId rule, String message, Map<String, Object> params) {
        return Finding.of(rule, Topic.ELIGIBILITY, Indicator.WARNING, message).params(params)
                .reasons(OverrideReason.BENEFIT_OUTWEIGHS_RISK, OverrideReason.EHR_DATA_OUTDATED).build();
    }
}
