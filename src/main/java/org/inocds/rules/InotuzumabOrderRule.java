package org.inocds.rules;

import java.util.List;
import org.inocds.record.DraftOrder;

/**
 * A rule family about an inotuzumab order, whether or not it could be placed in the regimen (its checks hold on any dose:
 * a stop, a hold, a caution, how to prepare it): silent without one — on patient-view and for other drugs alone.
 */
public interface InotuzumabOrderRule extends Rule {

    @Override
    default List<Finding> evaluate(RuleContext ctx) {
        return ctx.inotuzumabOrder().map(order -> evaluate(ctx, order)).orElse(List.of());
    }

    List<Finding> evaluate(RuleContext ctx, DraftOrder order);
}
