package org.inocds.record;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A draft order from {@code context.draftOrders}, reduced to the facts the rules read.
 *
 * @param reference relative reference, e.g. {@code MedicationRequest/abc}, used by suggestions
 * @param inotuzumab whether the ordered medication is inotuzumab ozogamicin (code set match)
 * @param doseMg ordered dose in mg, when stated in a mass unit
 * @param doseProblem why {@code doseMg} is empty (DQ-4): {@code dose-missing} or {@code dose-unit}
 * @param codeProblem why the medication was recognised by name only (DQ-4): {@code code-name-only}
 * @param plannedDate the date the dose is planned for (DESIGN.md "Planned date")
 * @param plannedDateSource where {@code plannedDate} came from
 * @param explicitPosition cycle/day stated on the order through the regimen-cycle-day extension
 */
public record DraftOrder(
        String reference,
        boolean inotuzumab,
        Optional<BigDecimal> doseMg,
        Optional<String> doseProblem,
        Optional<String> codeProblem,
        LocalDate plannedDate,
        PlannedDateSource plannedDateSource,
        Optional<CycleDay> explicitPosition) {

    /** DESIGN.md "Planned date", in the order the sources are tried. */
    public enum PlannedDateSource {
        TIMING_EVENT,
        BOUNDS_PERIOD_START,
        AUTHORED_ON,
        TODAY
    }
}
