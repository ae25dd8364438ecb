package org.inocds.rules.family;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.Analyte;
import org.inocds.record.DraftOrder;
import org.inocds.record.LabResult;
import org.inocds.record.PatientRecord;
import org.inocds.rules.Bullets;
import org.inocds.rules.Finding;
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
import org.inocds.regimen.OrderPlacement;

/**
 * MON-1…4 — 警告 2 and 重要な基本的注意 (1), (2), (4), (5): the tests each dose needs.
 *
 * <ul>
 *   <li>MON-1 (warning): no total bilirubin, AST or ALT within the lab window — HEP-2 cannot be judged.</li>
 *   <li>MON-2: no ANC or platelets within the window — warning on a day 1 from cycle 2 (HEM needs them), info
 *       otherwise.</li>
 *   <li>MON-3: on a day 1, no QTc within 30 days (info), or QTc above 500 ms or 60 ms above baseline (warning).</li>
 *   <li>MON-4: on a day 1, no lipase or amylase within 30 days (info).</li>
 * </ul>
 * The info items are merged into one card; on the first dose the start checklist already asks for them.
 * On patient-view the same items are listed, as of today, on one info card.
 */
public final class MonitoringRule implements Rule {

    @Override
    public List<RuleId> ids() {
        return RuleFamily.MONITORING.rules();
    }

    /**
     * Whether MON-2 asks for counts on an order at this place: not before the first dose (the start-of-treatment
     * checklist asks for the baseline tests). Read by the family and by the data-quality cards.
     */
    static boolean judgesCounts(OrderPlacement p) {
        return p.kind() != OrderPlacement.Kind.FIRST_DOSE;
    }

    @Override
    public List<Threshold> thresholds(RuleSettings s) {
        var m = s.monitoring();
        return List.of(
                Threshold.setting("inocds.rules.lab-window-days", "lab-window", s.rules().labWindowDays(), Unit.DAYS, RuleId.MON_1,
                        RuleId.MON_2),
                Threshold.setting("inocds.monitoring.ecg-and-enzyme-window-days", "ecg-enzyme-window", m.ecgAndEnzymeWindowDays(),
                        Unit.DAYS, RuleId.MON_3, RuleId.MON_4),
                Threshold.setting("inocds.monitoring.qtc-limit-ms", "qtc-max", m.qtcLimitMs(), Unit.MS, RuleId.MON_3),
                Threshold.setting("inocds.monitoring.qtc-increase-ms", "qtc-rise", m.qtcIncreaseMs(), Unit.MS, RuleId.MON_3));
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx) {
        Optional<DraftOrder> order = ctx.inotuzumabOrder();
        boolean chart = ctx.hook() == Hook.PATIENT_VIEW && ctx.record().everTreated();
        if (order.isEmpty() && !chart) {
            return List.of();
        }
        var record = ctx.record();
        var settings = ctx.settings();
        LocalDate date = order.map(DraftOrder::plannedDate).orElse(ctx.today());
        Optional<OrderPlacement> p = ctx.placement();
        boolean firstDose = p.filter(x -> !judgesCounts(x)).isPresent();
        boolean dayOne = p.filter(x -> x.day() == 1).isPresent();
        boolean laterDayOne = dayOne && p.get().cycle() >= 2;
        int window = settings.rules().labWindowDays();
        List<Finding> findings = new ArrayList<>();
        List<String> infoItems = new ArrayList<>();

        List<Analyte> missingLft = missing(record, date, window, Analyte.BILIRUBIN_TOTAL, Analyte.AST, Analyte.ALT);
        List<Analyte> missingCounts = missing(record, date, window, Analyte.ANC, Analyte.PLATELETS);
        if (chart) {
            if (!missingLft.isEmpty()) {
                infoItems.add("lft");
            }
            if (!missingCounts.isEmpty()) {
                infoItems.add("counts");
            }
        } else {
            if (!missingLft.isEmpty()) {
                findings.add(Finding.of(RuleId.MON_1, Topic.MONITORING, Indicator.WARNING, "lft-missing")
                        .params(Map.of("missing", missingLft, "window", window)).reasons(OverrideReason.EHR_DATA_OUTDATED).build());
            }
            if (!missingCounts.isEmpty()) {
                if (laterDayOne) {
                    findings.add(Finding.of(RuleId.MON_2, Topic.MONITORING, Indicator.WARNING, "counts-missing")
                            .params(Map.of("missing", missingCounts, "window", window)).reasons(OverrideReason.EHR_DATA_OUTDATED).build());
                } else if (!firstDose) {
                    infoItems.add("counts");
                }
            }
        }
        int ecgWindow = settings.monitoring().ecgAndEnzymeWindowDays();
        if (dayOne || chart) {
            Optional<LabResult> qtc = record.latest(Analyte.QTC, date, ecgWindow);
            if (qtc.isEmpty() && !firstDose) {
                infoItems.add("ecg");
            }
            qtc.flatMap(q -> prolonged(ctx, q)).ifPresent(findings::add);
            if (!firstDose && missing(record, date, ecgWindow, Analyte.LIPASE, Analyte.AMYLASE).size() == 2) {
                infoItems.add("enzymes");
            }
        }
        if (!infoItems.isEmpty()) {
            List<RuleId> rules = new ArrayList<>();
            if (infoItems.contains("lft")) {
                rules.add(RuleId.MON_1);
            }
            if (infoItems.contains("counts")) {
                rules.add(RuleId.MON_2);
            }
            if (infoItems.contains("ecg")) {
                rules.add(RuleId.MON_3);
            }
            if (infoItems.contains("enzymes")) {
                rules.add(RuleId.MON_4);
            }
            findings.add(Finding.ofRules(rules, Topic.MONITORING, Indicator.INFO, "mon.due")
                    .params(Map.of("items", Bullets.items("mon.due.item.", infoItems), "window", window, "ecgWindow", ecgWindow)).build());
        }
        return findings;
    }

    private static Optional<Finding> prolonged(RuleContext ctx, LabResult qtc) {
        var m = ctx.settings().monitoring();
        Optional<LabResult> baseline = ctx.timeline().isEmpty() ? Optional.empty()
                : ctx.record().latest(Analyte.QTC, ctx.timeline().cycles().get(0).day1(), m.ecgAndEnzymeWindowDays());
        boolean over = qtc.value().compareTo(BigDecimal.valueOf(m.qtcLimitMs())) > 0;
        boolean rise = baseline.filter(b -> qtc.value().subtract(b.value()).compareTo(BigDecimal.valueOf(m.qtcIncreaseMs())) >= 0)
                .isPresent();
        if (!over && !rise) {
            return Optional.empty();
        }
        return Optional.of(Finding.of(RuleId.MON_3, Topic.MONITORING, Indicator.WARNING, "qt-prolonged").params(Map.of("qtc", qtc.value().stripTrailingZeros(), "date", qtc.date(),
                        "baseline", baseline.<Object>map(b -> new Phrase("phrase.qtc", Map.of("value", b.value().stripTrailingZeros(),
                                "date", b.date()))).orElse(Phrase.NONE),
                        "limit", m.qtcLimitMs(), "rise", m.qtcIncreaseMs())).reasons(OverrideReason.BENEFIT_OUTWEIGHS_RISK).build());
    }

    private static List<Analyte> missing(PatientRecord record, LocalDate date, int window, Analyte... analytes) {
        List<Analyte> out = new ArrayList<>();
        for (Analyte a : analytes) {
            if (record.latest(a, date, window).isEmpty()) {
                out.add(a);
            }
        }
        return out;
    }
}
