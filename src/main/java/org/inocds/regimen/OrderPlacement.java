package org.inocds.regimen;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.inocds.record.CycleDay;

/**
 * Where an order at its planned date falls in the timeline (the label digest "Regimen").
 *
 * @param scheduled the date its slot is due
 * @param delayDays planned date − scheduled (0 when early or on time)
 * @param earlyDays scheduled − planned date when early, else 0
 * @param skippedDays slots of its cycle that this order moves past without a dose
 * @param laterSlotRemains whether its cycle still has a slot after this one
 * @param dosesGivenInCycle doses already given in the order's cycle
 * @param lastDose the most recent dose given on or before the planned date
 */
public record OrderPlacement(
        CycleDay cycleDay,
        Kind kind,
        LocalDate plannedDate,
        LocalDate scheduled,
        int delayDays,
        int earlyDays,
        List<Integer> skippedDays,
        boolean laterSlotRemains,
        int doseLevel,
        boolean remissionReached,
        int dosesGivenInCycle,
        Optional<PlacedDose> lastDose) {

    public OrderPlacement {
        skippedDays = List.copyOf(skippedDays);
    }

    public enum Kind {
        /** No inotuzumab on record: cycle 1 day 1. */
        FIRST_DOSE,
        /** Day 8 or 15 of the current cycle. */
        IN_CYCLE,
        /** Day 1 of the next cycle, on time or late. */
        NEW_CYCLE,
        /** No slot of the current cycle remains, but the cycle has not run its length: an early day 1 (SCHED-4). */
        EARLY_NEXT_CYCLE,
        /** Stated on the order (regimen-cycle-day extension). */
        EXPLICIT
    }

    public int cycle() {
        return cycleDay.cycle();
    }

    /** The dose this slot expects at this BSA: the label's mg/m² for its cycle and day, at its dose level. */
    public ExpectedDose expectedDose(BigDecimal bsaM2) {
        return ExpectedDose.of(DoseSchedule.fullMgPerM2(cycle(), day(), remissionReached), doseLevel, bsaM2);
    }

    public int day() {
        return cycleDay.day();
    }
}
