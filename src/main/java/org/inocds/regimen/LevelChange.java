package org.inocds.regimen;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

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

    /**
     * A dose given at 80 % or less of its reference (the label digest "Regimen"), and the reference: the full-level dose for the BSA
     * of its date, for the BSA of the nearest height and weight when none lay inside the windows (said on the card,
     * with its date), or the same course's earlier doses when no BSA was known at all.
     */
    public record Reduction(BigDecimal givenMg, BigDecimal referenceMg, Basis basis, Optional<LocalDate> measuredOn) {}

    public enum Basis { BSA_OF_ITS_DATE, NEAREST_MEASUREMENT, EARLIER_DOSES }
}
