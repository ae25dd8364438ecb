package org.inocds.regimen;

import org.inocds.record.CycleDay;

/**
 * Where a dose stands in the regimen, as the dose rules need it.
 *
 * @param doseLevel 0 full, 1 reduced by 25 %, 2 reduced and two doses per cycle, 3 discontinue
 * @param remissionReached CR/CRi documented (the label digest "Regimen")
 * @param source whether the cycle/day came from the order's extension or from the history
 */
public record RegimenPosition(CycleDay cycleDay, int doseLevel, boolean remissionReached, Source source) {

    public enum Source {
        /** The order carried the regimen-cycle-day extension. */
        EXPLICIT,
        /** Reconstructed from the administrations on record. */
        INFERRED,
        /** No inotuzumab on record: this order is the first dose, cycle 1 day 1. */
        FIRST_DOSE
    }

    public int cycle() {
        return cycleDay.cycle();
    }

    public int day() {
        return cycleDay.day();
    }
}
