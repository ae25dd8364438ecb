package org.inocds.record;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * A draft order from {@code context.draftOrders}, reduced to the facts the rules read.
 *
 * @param reference relative reference, e.g. {@code MedicationRequest/abc}, used by suggestions
 * @param inotuzumab whether the ordered medication is inotuzumab ozogamicin (code set match)
 * @param doseMg ordered dose in mg, when stated in a mass unit
 * @param doseProblem why {@code doseMg} is empty (DQ-4): {@code dose-missing} or {@code dose-unit}
 * @param codeProblem why the medication was recognised by name only (DQ-4): {@code code-name-only}
 * @param plannedDate the date the dose is planned for (docs/design.md "Planned date")
 * @param plannedDateSource where {@code plannedDate} came from
 * @param explicitPosition cycle/day stated on the order through the regimen-cycle-day extension
 * @param name the medication's text or display, for cards naming other drugs
 * @param classes the drug classes of a non-inotuzumab order (ELIG-9, PRE-1, VOD-2)
 * @param route whether the stated route is intravenous (PREP-2)
 * @param infusionMinutes the stated infusion duration, when given (PREP-2)
 * @param classesByName those of {@code classes} recognised from the name alone (no known code): the card says so
 */
public record DraftOrder(
        String reference,
        boolean inotuzumab,
        String name,
        Set<DrugClass> classes,
        Route route,
        Optional<BigDecimal> infusionMinutes,
        Optional<BigDecimal> doseMg,
        Optional<String> doseProblem,
        Optional<String> codeProblem,
        LocalDate plannedDate,
        PlannedDateSource plannedDateSource,
        Optional<CycleDay> explicitPosition,
        Set<DrugClass> classesByName) {

    /**
     * The next inotuzumab dose as if it were ordered for {@code date} at its expected mg (none when no BSA is known): what
     * patient-view runs the whole order-sign rule book against (docs/rule-catalogue.md STATUS-1). Never sent anywhere; it has
     * no suggestion of its own.
     */
    public static DraftOrder nextDose(LocalDate date, Optional<BigDecimal> expectedMg) {
        return new DraftOrder("MedicationRequest/next-dose", true, "inotuzumab ozogamicin", Set.of(), Route.unstated(),
                Optional.empty(), expectedMg, Optional.empty(), Optional.empty(), date, PlannedDateSource.TIMING_EVENT, Optional.empty(),
                Set.of());
    }

    /** The route as stated: intravenous, another route (shown by its display), or none given. */
    public record Route(Kind kind, String display) {
        public enum Kind { INTRAVENOUS, NOT_INTRAVENOUS, UNSTATED }

        public static Route unstated() {
            return new Route(Kind.UNSTATED, "");
        }
    }

    /** docs/design.md "Planned date", in the order the sources are tried. */
    public enum PlannedDateSource {
        TIMING_EVENT,
        BOUNDS_PERIOD_START,
        AUTHORED_ON,
        TODAY
    }
}
