package org.inocds.record;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
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
 * @param doseEntries every {@code doseAndRate} entry that could be read (the rule catalogue "Dose entries"), in order;
 *     {@code doseMg} is the first in mg, else an entry in mg/m² × the BSA once the rules know it
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
        Set<DrugClass> classesByName,
        List<DoseEntry> doseEntries) {

    public DraftOrder {
        doseEntries = List.copyOf(doseEntries);
    }

    /** Without dose entries of its own beyond {@code doseMg} (orders built by hand, in tests and for patient-view). */
    public DraftOrder(String reference, boolean inotuzumab, String name, Set<DrugClass> classes, Route route,
            Optional<BigDecimal> infusionMinutes, Optional<BigDecimal> doseMg, Optional<String> doseProblem,
            Optional<String> codeProblem, LocalDate plannedDate, PlannedDateSource plannedDateSource,
            Optional<CycleDay> explicitPosition, Set<DrugClass> classesByName) {
        this(reference, inotuzumab, name, classes, route, infusionMinutes, doseMg, doseProblem, codeProblem, plannedDate,
                plannedDateSource, explicitPosition, classesByName,
                doseMg.map(mg -> List.of(new DoseEntry(mg, DoseEntry.Unit.MG, mg.toPlainString() + " mg"))).orElse(List.of()));
    }

    /**
     * Its medication could not be resolved (a reference to a Medication neither sent nor readable): DQ-4 says so for a
     * draft, DQ-2 (the same kind of data issue) for a history entry.
     */
    public static final String MEDICATION_UNRESOLVED = "medication-unresolved";

    public boolean medicationUnresolved() {
        return codeProblem.filter(MEDICATION_UNRESOLVED::equals).isPresent();
    }

    /** The same order with its dose in mg known (an order written in mg/m² only, once the BSA is known). */
    public DraftOrder withDoseMg(BigDecimal mg) {
        return new DraftOrder(reference, inotuzumab, name, classes, route, infusionMinutes, Optional.of(mg), Optional.empty(),
                codeProblem, plannedDate, plannedDateSource, explicitPosition, classesByName, doseEntries);
    }

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
