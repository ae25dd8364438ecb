package org.inocds.regimen;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import org.inocds.record.CycleDay;
import org.inocds.record.InotuzumabDose;

/**
 * A dose given, placed in the regimen (the label digest "Regimen").
 *
 * @param scheduled the date its slot was due
 * @param delayDays date − scheduled, never negative (an early dose has delay 0; SCHED-1 judges intervals)
 * @param extra given when no slot of its cycle remained
 * @param partial an infusion stopped part-way (shown as partial; never an intended reduction)
 */
public record PlacedDose(
        LocalDate date, Optional<BigDecimal> mg, int cycle, int day, LocalDate scheduled, int delayDays, boolean extra,
        String sourceRef, boolean partial) {

    /** The first dose of the course: C1D1, on its own date. */
    static PlacedDose firstDose(InotuzumabDose dose) {
        return new PlacedDose(dose.date(), dose.doseMg(), 1, 1, dose.date(), 0, false, dose.sourceRef(), dose.partial());
    }

    /** A dose in its slot (cycle, day), due on {@code scheduled} and given {@code delayDays} after it. */
    static PlacedDose inSlot(InotuzumabDose dose, CycleDay slot, LocalDate scheduled, int delayDays) {
        return new PlacedDose(dose.date(), dose.doseMg(), slot.cycle(), slot.day(), scheduled, delayDays, false, dose.sourceRef(),
                dose.partial());
    }

    /** A dose given when no slot of its cycle remained: counted on the cycle's last day, never late. */
    static PlacedDose extra(InotuzumabDose dose, CycleDay slot) {
        return new PlacedDose(dose.date(), dose.doseMg(), slot.cycle(), slot.day(), dose.date(), 0, true, dose.sourceRef(), dose.partial());
    }
}
