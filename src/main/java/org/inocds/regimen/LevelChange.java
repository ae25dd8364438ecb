package org.inocds.regimen;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import org.inocds.record.CycleDay;

/**
 * Why the dose level rose (用量調節基準): a hold of 14 days or more (MOD-3), or a dose given at 80 % or
 * less of its full-level dose, which shows an intended reduction.
 *
 * @param fromCycle the first cycle at the new level
 * @param delayDays the hold, for a HOLD
 * @param reduction what the dose was judged against, for a REDUCED_DOSE
 */
public record LevelChange(Kind kind, LocalDate date, int cycle, int day, int fromCycle, int newLevel, int delayDays,
        Optional<Reduction> reduction) {

    public enum Kind { HOLD, REDUCED_DOSE }

    /** A dose given {@code delayDays} late (14 or more: MOD-3) on {@code at}: level {@code newLevel} from cycle {@code fromCycle}. */
    static LevelChange hold(LocalDate date, CycleDay at, int fromCycle, int newLevel, int delayDays) {
        return new LevelChange(Kind.HOLD, date, at.cycle(), at.day(), fromCycle, newLevel, delayDays, Optional.empty());
    }

    /** A dose given at 80 % or less of its reference on {@code at}: its own cycle is at level {@code newLevel}. */
    static LevelChange reducedDose(LocalDate date, CycleDay at, int newLevel, Reduction reduction) {
        return new LevelChange(Kind.REDUCED_DOSE, date, at.cycle(), at.day(), at.cycle(), newLevel, 0, Optional.of(reduction));
    }

    /**
     * A dose given at 80 % or less of its reference (the label digest "Regimen"), and the reference: the full-level dose for the BSA
     * of its date, for the BSA of the nearest height and weight when none lay inside the windows (said on the card,
     * with its date), or the same course's earlier doses when no BSA was known at all.
     */
    public record Reduction(BigDecimal givenMg, BigDecimal referenceMg, Basis basis, Optional<LocalDate> measuredOn) {}

    public enum Basis { BSA_OF_ITS_DATE, NEAREST_MEASUREMENT, EARLIER_DOSES }
}
