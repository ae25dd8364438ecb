package org.inocds.regimen;

import java.time.LocalDate;
import java.util.List;

/**
 * One cycle as given.
 *
 * @param doseLevel the level its doses were due at (0 full … 3 discontinue)
 * @param lengthDays 21 for cycle 1, 28 after
 * @param skippedDays in-cycle slots (8, 15) the cycle moved past without a dose
 */
public record RegimenCycle(int number, LocalDate day1, int doseLevel, int lengthDays, List<PlacedDose> doses, List<Integer> skippedDays) {

    public RegimenCycle {
        doses = List.copyOf(doses);
        skippedDays = List.copyOf(skippedDays);
    }
}
