package org.inocds.rules.family;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.ChartText;
import org.inocds.record.Analyte;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.DraftOrder;
import org.inocds.record.DrugClass;
import org.inocds.record.LabResult;
import org.inocds.record.OtherMedication;
import org.inocds.record.PatientRecord;
import org.inocds.rules.Bullets;
import org.inocds.rules.Finding;
import java.math.BigDecimal;
import org.inocds.rules.Threshold.Unit;
import org.inocds.rules.Threshold;
import org.inocds.rules.RuleSettings;
import org.inocds.rules.Hook;
import org.inocds.rules.Indicator;
import org.inocds.rules.OverrideReason;
import org.inocds.rules.Phrase;
import org.inocds.rules.Rule;
import org.inocds.rules.RuleContext;
import org.inocds.rules.RuleFamily;
import org.inocds.rules.RuleId;
import org.inocds.rules.Topic;
import org.inocds.rules.UnitOf;
import org.inocds.rules.UpperLimit;

/**
 * VOD-1…4 — the HSCT-related VOD/SOS risk (警告 2, 効能・効果に関連する注意 3, 用法・用量に関連する注意 2 (1),
 * 慎重投与 (1)(2), 重要な基本的注意 (1), 高齢者への投与, その他の注意 (1)).
 *
 * <ul>
 *   <li>VOD-1: on every inotuzumab order and on the chart of a treated patient, the risk factors present with
 *       their evidence — HSCT planned; prior HSCT; liver disease or past VOD/SOS; age 65 or more; 2 or more
 *       cycles with HSCT planned; total bilirubin at or above ULN after inotuzumab (Gilbert syndrome does not
 *       waive it). Info with HSCT planned alone, warning with any further factor.</li>
 *   <li>VOD-2: on order-sign of any order, after inotuzumab, two or more distinct alkylating agents among the
 *       draft and active orders (conditioning should avoid two).</li>
 *   <li>VOD-3: HSCT done after inotuzumab, within 100 days, and no liver test in the last 3 days.</li>
 *   <li>VOD-4: HSCT planned or being ordered after inotuzumab with total bilirubin at or above ULN.</li>
 * </ul>
 */
public final class VodRiskRule implements Rule {

    @Override
    public List<RuleId> ids() {
        return RuleFamily.VOD_RISK.rules();
    }

    /** VOD-1: with HSCT planned, this many cycles or more is a risk factor (警告 2: the risk grows with the cycles). */
    static final int HSCT_RISK_FROM_CYCLES = 2;
    /** VOD-2: conditioning should avoid this many distinct alkylating agents (重要な基本的注意 (1)). */
    static final int ALKYLATORS_TO_AVOID = 2;
    /** VOD-1, VOD-4: total bilirubin at or above this many times its ULN. */
    static final BigDecimal BILIRUBIN_AT_ULN = BigDecimal.ONE;

    @Override
    public List<Threshold> thresholds(RuleSettings s) {
        List<Threshold> all = new ArrayList<>(List.of(
                Threshold.setting("inocds.monitoring.elderly-age", "elderly-age", s.monitoring().elderlyAge(), Unit.YEARS, RuleId.VOD_1),
                Threshold.service("hsct-risk-cycles", HSCT_RISK_FROM_CYCLES, Unit.CYCLE, RuleId.VOD_1),
                Threshold.label("bilirubin-at-uln", BILIRUBIN_AT_ULN, Unit.TIMES_ULN, RuleId.VOD_1, RuleId.VOD_4),
                Threshold.label("alkylators", ALKYLATORS_TO_AVOID, Unit.AGENTS, RuleId.VOD_2),
                Threshold.setting("inocds.rules.conditioning-window-days", "conditioning-window", s.rules().conditioningWindowDays(),
                        Unit.DAYS, RuleId.VOD_2),
                Threshold.setting("inocds.monitoring.post-hsct-days", "post-hsct-days", s.monitoring().postHsctDays(), Unit.DAYS,
                        RuleId.VOD_3),
                Threshold.setting("inocds.monitoring.post-hsct-lft-days", "post-hsct-lft-days", s.monitoring().postHsctLftDays(),
                        Unit.DAYS, RuleId.VOD_3)));
        all.addAll(Threshold.siteUpperLimits(s, List.of(Analyte.BILIRUBIN_TOTAL), RuleId.VOD_1, RuleId.VOD_4));
        return all;
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx) {
        PatientRecord record = ctx.record();
        boolean inotuzumabOrder = ctx.inotuzumabOrder().isPresent();
        boolean treated = record.everTreated();
        List<Finding> findings = new ArrayList<>();
        if (inotuzumabOrder || (ctx.hook() == Hook.PATIENT_VIEW && treated)) {
            riskFactors(ctx).ifPresent(findings::add);
        }
        if (!treated) {
            return findings;
        }
        LocalDate c1d1 = record.inotuzumabDoses().get(0).date();
        if (ctx.hook() == Hook.ORDER_SIGN) {
            twoAlkylators(ctx).ifPresent(findings::add);
        }
        if (ctx.hook() != Hook.ORDER_SELECT) {
            postHsctLiverTests(ctx, c1d1).ifPresent(findings::add);
        }
        Optional<ClinicalFact> plan = hsctPlan(record);
        Optional<LabResult> bilirubin = bilirubinAtOrAboveUln(ctx, c1d1);
        if (plan.isPresent() && bilirubin.isPresent()) {
            findings.add(Finding.of(RuleId.VOD_4, Topic.VOD_RISK, Indicator.WARNING, "bilirubin-before-hsct")
                    .params(Map.of("hsctPlan", FactText.of(plan.get().display(), plan.get().date()), "bilirubin", bilirubinText(ctx, bilirubin.get())))
                    .reasons(OverrideReason.BENEFIT_OUTWEIGHS_RISK).build());
        }
        return findings;
    }

    private Optional<Finding> riskFactors(RuleContext ctx) {
        PatientRecord record = ctx.record();
        LocalDate today = ctx.order().map(DraftOrder::plannedDate).orElse(ctx.today());
        Optional<LocalDate> c1d1 = record.inotuzumabDoses().stream().map(d -> d.date()).findFirst();
        List<String> items = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        Optional<ClinicalFact> plan = hsctPlan(record);
        plan.ifPresent(p -> {
            items.add("hsct-planned");
            params.put("hsctPlan", FactText.of(p.display(), p.date()));
        });
        record.facts(ClinicalConcept.HSCT).stream()
                .filter(f -> f.status() == ClinicalFact.Status.DONE && f.date().filter(d -> c1d1.map(d::isBefore).orElse(true)).isPresent())
                .findFirst().ifPresent(f -> {
                    items.add("prior-hsct");
                    params.put("priorHsct", ChartText.of(f.display() + ", " + f.date().get()));
                });
        List<String> liver = new ArrayList<>();
        record.facts(ClinicalConcept.CHRONIC_LIVER_DISEASE).stream().filter(f -> f.status() == ClinicalFact.Status.ACTIVE)
                .forEach(f -> liver.add(f.display()));
        record.facts(ClinicalConcept.VOD_SOS).stream()
                .filter(f -> f.status() == ClinicalFact.Status.RESOLVED || f.date().filter(d -> c1d1.map(d::isBefore).orElse(true)).isPresent())
                .forEach(f -> liver.add(f.display() + " " + f.date().map(Object::toString).orElse("")));
        if (!liver.isEmpty()) {
            items.add("liver");
            params.put("liver", liver.stream().map(ChartText::of).toList());
        }
        record.ageOn(today).filter(a -> a >= ctx.settings().monitoring().elderlyAge()).ifPresent(a -> {
            items.add("elderly");
            params.put("age", a);
        });
        int cycles = ctx.placement().map(p -> p.cycle()).orElse(ctx.timeline().cycles().size());
        if (plan.isPresent() && cycles >= HSCT_RISK_FROM_CYCLES) {
            items.add("cycles");
            params.put("cycles", cycles);
        }
        c1d1.flatMap(d -> bilirubinAtOrAboveUln(ctx, d)).ifPresent(b -> {
            // neither Gilbert syndrome nor haemolysis removes this factor (RULES VOD-1): the card says it is on record
            boolean explained = record.has(ClinicalConcept.GILBERT_SYNDROME, ClinicalFact.Status.ACTIVE)
                    || record.has(ClinicalConcept.HEMOLYSIS, ClinicalFact.Status.ACTIVE);
            items.add(explained ? "bilirubin-gilbert" : "bilirubin");
            params.put("bilirubin", bilirubinText(ctx, b));
        });
        if (items.isEmpty()) {
            return Optional.empty();
        }
        params.put("items", Bullets.items(RuleId.VOD_1.messageKey("risk-factors.item."), items));
        boolean planOnly = items.size() == 1 && plan.isPresent();
        return Optional.of(Finding.of(RuleId.VOD_1, Topic.VOD_RISK, planOnly ? Indicator.INFO : Indicator.WARNING, "risk-factors")
                .params(params).reasons(planOnly ? List.of() : List.of(OverrideReason.BENEFIT_OUTWEIGHS_RISK)).build());
    }

    static String agentOf(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < n.length() && !Character.isWhitespace(n.charAt(end)) && !Character.isDigit(n.charAt(end)) && n.charAt(end) != '(') {
            end++;
        }
        return end == 0 ? n : n.substring(0, end);
    }

    private static Optional<Finding> twoAlkylators(RuleContext ctx) {
        // Distinct agents, not distinct products: "Busulfan 2 MG Oral Tablet" and "busulfan" are one agent. The agent
        // is the first word of the medication's name (the ingredient, as RxNorm and most EHRs write it); a brand name
        // counts as an agent of its own, which can only add a warning, never hide one.
        Map<String, String> agents = new LinkedHashMap<>();
        List<String> byName = new ArrayList<>();
        for (DraftOrder d : ctx.otherDraftOrders()) {
            if (d.classes().contains(DrugClass.ALKYLATING) && agents.putIfAbsent(agentOf(d.name()), d.name()) == null
                    && d.classesByName().contains(DrugClass.ALKYLATING)) {
                byName.add(d.name());
            }
        }
        // active or draft orders, and administrations or orders completed within the conditioning window
        LocalDate since = ctx.today().minusDays(ctx.settings().rules().conditioningWindowDays());
        for (OtherMedication m : ctx.record().otherMedications()) {
            boolean current = m.status() == OtherMedication.Status.ACTIVE || m.status() == OtherMedication.Status.DRAFT;
            boolean recent = m.status() == OtherMedication.Status.DONE && m.date().filter(d -> !d.isBefore(since)).isPresent();
            if ((current || recent) && m.classes().contains(DrugClass.ALKYLATING)
                    && agents.putIfAbsent(agentOf(m.name()), m.name()) == null && m.classesByName().contains(DrugClass.ALKYLATING)) {
                byName.add(m.name());
            }
        }
        if (agents.size() < ALKYLATORS_TO_AVOID) {
            return Optional.empty();
        }
        // an agent known only by its name is counted (a missed warning is the worse error) and shown as such
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("agents", agents.values().stream().map(ChartText::of).toList());
        params.put("lastDose", ctx.record().inotuzumabDoses().get(ctx.record().inotuzumabDoses().size() - 1).date());
        if (!byName.isEmpty()) {
            params.put("byName", byName.stream().map(ChartText::of).toList());
            params.put("items", Bullets.items(RuleId.VOD_2.messageKey("two-alkylators.item."), List.of("by-name")));
        }
        return Optional.of(Finding.of(RuleId.VOD_2, Topic.VOD_RISK, Indicator.WARNING, "two-alkylators")
                .params(params).reasons(OverrideReason.THERAPEUTICALLY_UNAVOIDABLE).build());
    }

    private static Optional<Finding> postHsctLiverTests(RuleContext ctx, LocalDate c1d1) {
        var m = ctx.settings().monitoring();
        LocalDate today = ctx.today();
        Optional<ClinicalFact> hsct = ctx.record().facts(ClinicalConcept.HSCT).stream()
                .filter(f -> f.status() == ClinicalFact.Status.DONE && f.date().filter(d -> d.isAfter(c1d1)
                        && ChronoUnit.DAYS.between(d, today) <= m.postHsctDays() && !d.isAfter(today)).isPresent())
                .findFirst();
        if (hsct.isEmpty()) {
            return Optional.empty();
        }
        boolean recentLft = List.of(Analyte.BILIRUBIN_TOTAL, Analyte.AST, Analyte.ALT).stream()
                .anyMatch(a -> ctx.record().latest(a, today, m.postHsctLftDays()).isPresent());
        if (recentLft) {
            return Optional.empty();
        }
        return Optional.of(Finding.of(RuleId.VOD_3, Topic.MONITORING, Indicator.WARNING, "post-hsct-lft")
                .params(Map.of("hsct", ChartText.of(hsct.get().display() + ", " + hsct.get().date().get()),
                        "day", ChronoUnit.DAYS.between(hsct.get().date().get(), today), "days", m.postHsctLftDays())).build());
    }

    private static Optional<ClinicalFact> hsctPlan(PatientRecord record) {
        return record.facts(ClinicalConcept.HSCT).stream().filter(f -> f.status() == ClinicalFact.Status.PLANNED).findFirst();
    }

    /** The newest total bilirubin after the first dose, when it is at or above its ULN (VOD-1, VOD-4). */
    private static Optional<LabResult> bilirubinAtOrAboveUln(RuleContext ctx, LocalDate c1d1) {
        LocalDate today = ctx.order().map(DraftOrder::plannedDate).orElse(ctx.today());
        return ctx.record().results(Analyte.BILIRUBIN_TOTAL, today).stream()
                .filter(r -> r.date().isAfter(c1d1)).findFirst()
                .filter(r -> UpperLimit.of(r, ctx.record(), ctx.settings()).filter(u -> u.reachedBy(r, BILIRUBIN_AT_ULN)).isPresent());
    }

    /** "T-Bil 1.3 mg/dL (2026-01-09) ≥ ULN 1.2 (R)", worded by the card ({@code phrase.at-uln}). */
    private static Phrase bilirubinText(RuleContext ctx, LabResult r) {
        var uln = UpperLimit.of(r, ctx.record(), ctx.settings()).orElseThrow();
        return new Phrase("phrase.at-uln", Map.of("analyte", r.analyte(), "value", r.value().stripTrailingZeros(), "unit", new UnitOf(r.analyte()),
                "date", r.date(), "uln", uln.value().stripTrailingZeros(), "origin", UpperLimit.origin(uln)));
    }
}
