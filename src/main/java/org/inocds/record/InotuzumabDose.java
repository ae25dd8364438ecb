package org.inocds.record;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One inotuzumab dose that was given (the label digest "Regimen": a completed MedicationAdministration, or a completed
 * MedicationRequest where the server has no administrations).
 *
 * @param doseMg the dose in mg when the record states one in a convertible unit
 * @param partial an infusion stopped part-way: given, at the dose recorded, but never an intended reduction (the label digest "Regimen")
 */
public record InotuzumabDose(LocalDate date, Optional<BigDecimal> doseMg, String sourceRef, boolean partial) {

    public InotuzumabDose(LocalDate date, Optional<BigDecimal> doseMg, String sourceRef) {
        this(date, doseMg, sourceRef, false);
    }
}
