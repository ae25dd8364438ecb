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
 * @param givenMg, fullMg the reduced dose and its full-level dose, for a REDUCED_DOSE
 */
public record LevelChange(Kind kind, LocalDate date, int cycle, int day, int fromCycle, int newLevel, int delayDays,
        Optional<BigDecimal> givenMg, Optional<BigDecimal> fullMg) {

    public enum Kind { HOLD, REDUCED_DOSE }
}
