package org.inocds.record;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One inotuzumab dose that was given (RULES.md §1: a completed MedicationAdministration, or a completed
 * MedicationRequest where the server has no administrations).
 *
 * @param doseMg the dose in mg when the record states one in a convertible unit
 * @param partial an infusion stopped part-way: given, at the dose recorded, but never an intended reduction (RULES.md §1)
 */
public record InotuzumabDose(LocalDate date, Optional<BigDecimal> doseMg, String sourceRef, boolean partial) {

    public InotuzumabDose(LocalDate date, Optional<BigDecimal> doseMg, String sourceRef) {
        this(date, doseMg, sourceRef, false);
    }
}
