package org.inocds.regimen;

import java.util.List;
import java.util.Optional;
import org.inocds.record.CycleDay;
import org.inocds.record.DraftOrder;
import org.inocds.record.InotuzumabDose;

/**
 * Where an order stands in the regimen (RULES.md §1), rebuilt from the doses given.
 *
 * <p>This first version places an order only where no inference from history is needed: a patient with
 * no inotuzumab on record is at cycle 1 day 1, and an order carrying the regimen-cycle-day extension is
 * where it says. For a patient with doses on record it places nothing yet, so the dose rules stay silent
 * rather than assume a position.
 */
public final class RegimenTimeline {

    private final List<InotuzumabDose> doses;

    public RegimenTimeline(List<InotuzumabDose> doses) {
        this.doses = List.copyOf(doses);
    }

    public Optional<RegimenPosition> place(DraftOrder order) {
        if (order.explicitPosition().isPresent() && doses.isEmpty()) {
            return Optional.of(new RegimenPosition(order.explicitPosition().get(), 0, false, RegimenPosition.Source.EXPLICIT));
        }
        if (doses.isEmpty()) {
            return Optional.of(new RegimenPosition(new CycleDay(1, 1), 0, false, RegimenPosition.Source.FIRST_DOSE));
        }
        return Optional.empty();
    }
}
