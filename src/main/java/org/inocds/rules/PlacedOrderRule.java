package org.inocds.rules;

import java.util.List;
import org.inocds.record.DraftOrder;
import org.inocds.regimen.OrderPlacement;

/**
 * A rule family about an inotuzumab order placed in the regimen (cycle, day, level): silent without one — on
 * patient-view, for other drugs alone, and when the dose history could not be read (a cycle-3 patient could be taken
 * for a first dose: the DQ-2/DQ-3 card says why nothing was concluded).
 */
public interface PlacedOrderRule extends Rule {

    @Override
    default List<Finding> evaluate(RuleContext ctx) {
        return ctx.placedOrder().map(p -> evaluate(ctx, p.order(), p.placement())).orElse(List.of());
    }

    List<Finding> evaluate(RuleContext ctx, DraftOrder order, OrderPlacement placement);
}
