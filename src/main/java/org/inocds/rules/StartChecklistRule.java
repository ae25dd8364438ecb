package org.inocds.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.PatientRecord;
import org.inocds.record.RecordPart;
import org.inocds.regimen.OrderPlacement;

/**
 * START-1 with ELIG-7 — 警告 1, 承認条件 2, 重要な基本的注意, 妊婦・産婦・授乳婦等 (1): one checklist card on the
 * first dose instead of many: consent, a treating facility able to handle emergencies, baseline liver
 * tests, ECG and pancreatic enzymes, pregnancy test and contraception where they apply, and registration in
 * the all-case post-marketing surveillance.
 */
public final class StartChecklistRule implements Rule {

    private static final DataNeeds READS = DataNeeds.rule("START-1", DataNeeds.DOSES, DataNeeds.of(RecordPart.PATIENT))
                .and("ELIG-7", DataNeeds.DOSES, DataNeeds.of(RecordPart.PATIENT));

    @Override
    public DataNeeds reads() {
        return READS;
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx) {
        var placed = ctx.placedOrder();
        if (placed.isEmpty() || !ctx.settings().rules().startChecklist()) {
            return List.of();
        }
        var order = Optional.of(placed.get().order());
        OrderPlacement p = placed.get().placement();
        boolean firstDose = p.kind() == OrderPlacement.Kind.FIRST_DOSE
                || (p.kind() == OrderPlacement.Kind.EXPLICIT && p.cycle() == 1 && p.day() == 1 && ctx.timeline().isEmpty());
        if (!firstDose) {
            return List.of();
        }
        var record = ctx.record();
        var settings = ctx.settings();
        var age = record.ageOn(order.get().plannedDate());
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
        List<String> rules = contraception ? List.of("START-1", "ELIG-7") : List.of("START-1");
        return List.of(new Finding(rules, Topic.SURVEILLANCE, Indicator.INFO, "start-1.checklist",
                Map.of("items", Bullets.items("start-1.checklist.item.", items)), Optional.empty(), Optional.empty(), List.of()));
    }
}
