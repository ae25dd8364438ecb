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

    /**
     * Builds a placement by name rather than by position (its two day counts and its two flags sit side by side):
     * {@code OrderPlacement.of(slot, Kind.IN_CYCLE, planned).scheduled(due).delayDays(2).level(1).build()}; what is
     * not said is on time, skips nothing, has no later slot, is at full dose, before CR/CRi, with no dose given.
     */
    static Builder of(CycleDay cycleDay, Kind kind, LocalDate plannedDate) {
        return new Builder(cycleDay, kind, plannedDate);
    }

    static final class Builder {
        private final CycleDay cycleDay;
        private final Kind kind;
        private final LocalDate plannedDate;
        private LocalDate scheduled;
        private int delayDays;
        private int earlyDays;
        private List<Integer> skippedDays = List.of();
        private boolean laterSlotRemains;
        private int doseLevel = DoseLevel.FULL;
        private boolean remissionReached;
        private int dosesGivenInCycle;
        private Optional<PlacedDose> lastDose = Optional.empty();

        private Builder(CycleDay cycleDay, Kind kind, LocalDate plannedDate) {
            this.cycleDay = cycleDay;
            this.kind = kind;
            this.plannedDate = plannedDate;
            this.scheduled = plannedDate;
        }

        Builder scheduled(LocalDate due) {
            this.scheduled = due;
            return this;
        }

        Builder delayDays(int days) {
            this.delayDays = days;
            return this;
        }

        Builder earlyDays(int days) {
            this.earlyDays = days;
            return this;
        }

        Builder skipping(List<Integer> days) {
            this.skippedDays = days;
            return this;
        }

        Builder laterSlotRemains(boolean remains) {
            this.laterSlotRemains = remains;
            return this;
        }

        Builder level(int level) {
            this.doseLevel = level;
            return this;
        }

        Builder remissionReached(boolean reached) {
            this.remissionReached = reached;
            return this;
        }

        Builder dosesGivenInCycle(int given) {
            this.dosesGivenInCycle = given;
            return this;
        }

        Builder lastDose(Optional<PlacedDose> last) {
            this.lastDose = last;
            return this;
        }

        OrderPlacement build() {
            return new OrderPlacement(cycleDay, kind, plannedDate, scheduled, delayDays, earlyDays, skippedDays, laterSlotRemains,
                    doseLevel, remissionReached, dosesGivenInCycle, lastDose);
        }
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
