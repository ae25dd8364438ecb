package org.inocds.rules.family;


import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.ChartText;
import org.inocds.record.DraftOrder;
import org.inocds.rules.Finding;
import org.inocds.rules.Threshold.Unit;
import org.inocds.rules.Threshold;
import org.inocds.rules.Hook;
import org.inocds.rules.Indicator;
import org.inocds.rules.InotuzumabOrderRule;
import org.inocds.rules.RuleContext;
import org.inocds.rules.RuleFamily;
import org.inocds.rules.RuleId;
import org.inocds.rules.RuleSettings;
import org.inocds.rules.Topic;
import org.inocds.regimen.DoseLevel;

/**
 * PREP-1, PREP-2 — 適用上の注意: how to prepare and give the dose, and a route or rate that is wrong.
 * Reconstitution: 4 mL water per 1 mg vial → 0.25 mg/mL (a setting: the US vial differs); dilute to about
 * 50 mL saline, 50 mL/h over 1 hour; light-protected; 8 hours from reconstitution to the end of infusion.
 */
public final class PreparationRule implements InotuzumabOrderRule {

    @Override
    public List<RuleId> ids() {
        return RuleFamily.PREPARATION.rules();
    }

    static final BigDecimal MIN_INFUSION_MINUTES = new BigDecimal(60);

    @Override
    public List<Threshold> thresholds(RuleSettings s) {
        var d = s.dosing();
        return List.of(
                Threshold.setting("inocds.dosing.vial-mg", "vial", d.vialMg(), Unit.MG, RuleId.PREP_1),
                Threshold.setting("inocds.dosing.reconstitution-ml", "reconstitution", d.reconstitutionMl(), Unit.ML, RuleId.PREP_1),
                Threshold.setting("inocds.rules.preparation-on-order-sign", "preparation-on-sign", s.rules().preparationOnOrderSign(),
                        Unit.SWITCH, RuleId.PREP_1),
                Threshold.label("min-infusion", MIN_INFUSION_MINUTES, Unit.MINUTES, RuleId.PREP_2));
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx, DraftOrder order) {
        List<Finding> findings = new ArrayList<>();
        if (order.route().kind() == DraftOrder.Route.Kind.NOT_INTRAVENOUS) {
            findings.add(Finding.of(RuleId.PREP_2, Topic.PREPARATION, Indicator.WARNING, "route")
                    .params(Map.of("route", ChartText.of(order.route().display()))).build());
        }
        order.infusionMinutes().filter(m -> m.compareTo(MIN_INFUSION_MINUTES) < 0).ifPresent(minutes ->
                findings.add(Finding.of(RuleId.PREP_2, Topic.PREPARATION, Indicator.WARNING, "too-fast")
                        .params(Map.of("minutes", minutes.stripTrailingZeros())).build()));
        boolean show = ctx.hook() == Hook.ORDER_SELECT || (ctx.hook() == Hook.ORDER_SIGN && ctx.settings().rules().preparationOnOrderSign());
        Optional<BigDecimal> mg = order.doseMg().or(() -> expectedMg(ctx, order));
        if (show && mg.isPresent() && mg.get().signum() > 0) {
            findings.add(preparation(mg.get(), ctx.settings()));
        }
        return findings;
    }

    public static Finding preparation(BigDecimal mg, RuleSettings settings) {
        BigDecimal concentration = settings.dosing().vialMg().divide(settings.dosing().reconstitutionMl(), 4, RoundingMode.HALF_UP);
        int vials = mg.divide(settings.dosing().vialMg(), 0, RoundingMode.CEILING).intValue();
        BigDecimal withdrawMl = mg.divide(concentration, 2, RoundingMode.HALF_UP);
        return Finding.of(RuleId.PREP_1, Topic.PREPARATION, Indicator.INFO, "preparation").params(Map.of("mg", mg.setScale(2, RoundingMode.HALF_UP), "vials", vials, "vialMg", settings.dosing().vialMg().stripTrailingZeros(),
                        "waterMl", settings.dosing().reconstitutionMl().stripTrailingZeros(),
                        "concentration", concentration.stripTrailingZeros(), "withdrawMl", withdrawMl)).build();
    }

    private static Optional<BigDecimal> expectedMg(RuleContext ctx, DraftOrder order) {
        if (ctx.placement().isEmpty() || DoseLevel.discontinued(ctx.placement().get().doseLevel())) {
            return Optional.empty();
        }
        var p = ctx.placement().get();
        var s = ctx.settings();
        return s.bsaOn(ctx.record(), order.plannedDate()).bsa().map(b -> p.expectedDose(b.squareMeters()).mg());
    }
}
