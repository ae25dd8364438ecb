package org.inocds.rules.family;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.inocds.record.DraftOrder;
import org.inocds.record.DrugClass;
import org.inocds.record.OtherMedication;
import org.inocds.rules.Bullets;
import org.inocds.rules.Finding;
import org.inocds.rules.Threshold.Unit;
import org.inocds.rules.Threshold;
import org.inocds.rules.RuleSettings;
import org.inocds.rules.Indicator;
import org.inocds.rules.OrderChange;
import org.inocds.rules.InotuzumabOrderRule;
import org.inocds.rules.RuleContext;
import org.inocds.rules.RuleFamily;
import org.inocds.rules.RuleId;
import org.inocds.rules.Topic;
import org.inocds.regimen.DoseLevel;

/**
 * PRE-1 — 用法・用量に関連する使用上の注意 5: premedication with a corticosteroid, an antipyretic and an
 * antihistamine is advised. When the call's draft orders and the active orders lack one of them, an info card
 * offers the site's premedication orders for the missing classes (create suggestions).
 */
public final class PremedicationRule implements InotuzumabOrderRule {

    @Override
    public List<RuleId> ids() {
        return RuleFamily.PREMEDICATION.rules();
    }

    static final Set<DrugClass> PREMEDICATION = EnumSet.of(DrugClass.CORTICOSTEROID, DrugClass.ANTIPYRETIC, DrugClass.ANTIHISTAMINE);

    @Override
    public List<Threshold> thresholds(RuleSettings s) {
        // the site's set, as the card offers it: one order per class the label names
        String set = String.join("; ", s.premedication().stream()
                .map(i -> i.display() + " " + i.dose().stripTrailingZeros().toPlainString() + " " + i.unit() + " (" + i.routeDisplay() + ")")
                .toList());
        return List.of(Threshold.setting("inocds.premedication", "premedication-set", set, Unit.WORD, RuleId.PRE_1));
    }

    @Override
    public List<Finding> evaluate(RuleContext ctx, DraftOrder order) {
        if (ctx.placement().isPresent() && DoseLevel.discontinued(ctx.placement().get().doseLevel())) {
            return List.of();
        }
        Set<DrugClass> missing = EnumSet.copyOf(PREMEDICATION);
        for (OtherMedication m : ctx.record().otherMedications()) {
            if (m.status() == OtherMedication.Status.ACTIVE || m.status() == OtherMedication.Status.DRAFT) {
                missing.removeAll(m.classes());
            }
        }
        for (DraftOrder d : ctx.otherDraftOrders()) {
            if (forTheSameDay(d, order)) {
                missing.removeAll(d.classes());
            }
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        var items = ctx.settings().premedication().stream().filter(i -> missing.contains(i.drugClass())).toList();
        List<String> names = missing.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
        return List.of(Finding.of(RuleId.PRE_1, Topic.PREMEDICATION, Indicator.INFO, "advised")
                .params(Map.of("items", Bullets.items(RuleId.PRE_1.messageKey("advised.item."), names)))
                .change(items.isEmpty() ? Optional.empty()
                        : Optional.of(new OrderChange.CreatePremedication(order.reference(), items, order.plannedDate())))
                .build());
    }

    /**
     * Premedication is given before each infusion (注意 5): a premedication draft counts for the inotuzumab dose of its own
     * day — an order set's day-1 premedication does not cover its day 8. A draft that states no day of its own counts
     * for any.
     */
    private static boolean forTheSameDay(DraftOrder premedication, DraftOrder inotuzumab) {
        boolean dated = premedication.plannedDateSource() == DraftOrder.PlannedDateSource.TIMING_EVENT
                || premedication.plannedDateSource() == DraftOrder.PlannedDateSource.BOUNDS_PERIOD_START;
        return !dated || premedication.plannedDate().equals(inotuzumab.plannedDate());
    }
}
