package org.inocds.rules;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.inocds.record.DraftOrder;
import org.inocds.record.PatientRecord;
import org.inocds.regimen.OrderPlacement;
import org.inocds.regimen.RegimenPosition;
import org.inocds.regimen.RegimenTimeline;

/**
 * Everything a rule may read for one evaluation: the hook, the patient's facts and regimen timeline, the
 * inotuzumab order under review (absent on patient-view) with its placement in the timeline, and the
 * call's other draft orders.
 */
public record RuleContext(
        Hook hook,
        PatientRecord record,
        RegimenTimeline timeline,
        Optional<DraftOrder> order,
        Optional<OrderPlacement> placement,
        List<DraftOrder> otherDraftOrders,
        LocalDate today,
        RuleSettings settings) {

    /** An inotuzumab order with its place in the regimen. */
    public record PlacedOrder(DraftOrder order, OrderPlacement placement) {}

    /** The inotuzumab order under review, if there is one. */
    public Optional<DraftOrder> inotuzumabOrder() {
        return order.filter(DraftOrder::inotuzumab);
    }

    /** The inotuzumab order and its placement, when both are known (the dose history was readable). */
    public Optional<PlacedOrder> placedOrder() {
        return inotuzumabOrder().flatMap(o -> placement.map(p -> new PlacedOrder(o, p)));
    }

    /** The order's position as the dose rules and cards show it. */
    public Optional<RegimenPosition> position() {
        return placement.map(p -> new RegimenPosition(p.cycleDay(), p.doseLevel(), p.remissionReached(),
                switch (p.kind()) {
                    case EXPLICIT -> RegimenPosition.Source.EXPLICIT;
                    case FIRST_DOSE -> RegimenPosition.Source.FIRST_DOSE;
                    default -> RegimenPosition.Source.INFERRED;
                }));
    }
}
