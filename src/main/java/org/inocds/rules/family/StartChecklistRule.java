package org.inocds.rules.family;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.inocds.record.PatientRecord;
import org.inocds.record.DraftOrder;
import org.inocds.regimen.OrderPlacement;
import org.inocds.rules.Bullets;
import org.inocds.rules.Finding;
import org.inocds.rules.Threshold.Unit;
import org.inocds.rules.Threshold;
import org.inocds.rules.RuleSettings;
import org.inocds.rules.Indicator;
import org.inocds.rules.PlacedOrderRule;
import org.inocds.rules.RuleContext;
import org.inocds.rules.RuleFamily;
import org.inocds.rules.RuleId;
import org.inocds.rules.Topic;

/**
 * START-1 with ELIG-7 — 警告 1, 承認条件 2, 重要な基本的注意, 妊婦・産婦・授乳婦等 (1): one checklist card on the
 * first dose instead of many: consent, a treating facility able to handle emergencies, baseline liver
 * tests, ECG and pancreatic enzymes, pregnancy test and contraception where they apply, and registration in
 * the all-case post-marketing surveillance.
 */
public final class StartChecklistRule implements PlacedOrderRule {

    @Override
    public List<RuleId> ids() {
        return RuleFamily.START_CHECKLIST.rules();
    }

    @Override
    public List<Threshold> thresholds(RuleSettings s) {
        var r = s.rules();
        return List.of(
                Threshold.setting("inocds.rules.start-checklist", "start-checklist", r.startChecklist(), Unit.SWITCH, RuleId.START_1),
                Threshold.setting("inocds.rules.surveillance-registration", "surveillance", r.surveillanceRegistration(), Unit.SWITCH,
                        RuleId.START_1),
                Threshold.setting("inocds.rules.contraception-age-from", "contraception-age-from", r.contraceptionAgeFrom(), Unit.YEARS,
                        RuleId.ELIG_7, RuleId.START_1),
                Threshold.setting("inocds.rules.contraception-age-to", "contraception-age-to", r.contraceptionAgeTo(), Unit.YEARS,
                        RuleId.ELIG_7, RuleId.START_1));
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx, DraftOrder order, OrderPlacement p) {
        if (!ctx.settings().rules().startChecklist()) {
            return List.of();
        }
        boolean firstDose = p.kind() == OrderPlacement.Kind.FIRST_DOSE
                || (p.kind() == OrderPlacement.Kind.EXPLICIT && p.cycle() == 1 && p.day() == 1 && ctx.timeline().isEmpty());
        if (!firstDose) {
            return List.of();
        }
        var record = ctx.record();
        var settings = ctx.settings();
        var age = record.ageOn(order.plannedDate());
        boolean childbearing = record.sex() == PatientRecord.Sex.FEMALE
                && age.map(a -> a >= settings.rules().contraceptionAgeFrom() && a <= settings.rules().contraceptionAgeTo()).orElse(true);
        boolean contraception = childbearing || record.sex() == PatientRecord.Sex.MALE;
        List<String> items = new ArrayList<>(List.of("consent", "facility", "baseline-tests"));
        if (childbearing) {
            items.add("pregnancy-test");
        }
        if (contraception) {
            items.add(record.sex() == PatientRecord.Sex.MALE ? "contraception-male" : "contraception-female");
        }
        if (settings.rules().surveillanceRegistration()) {
            items.add("surveillance");
        }
        var checklist = Finding.of(RuleId.START_1, Topic.SURVEILLANCE, Indicator.INFO, "checklist")
                .params(Map.of("items", Bullets.items(RuleId.START_1.messageKey("checklist.item."), items)));
        if (contraception) {
            checklist.also(RuleId.ELIG_7);
        }
        return List.of(checklist.build());
    }
}
