package org.inocds.rules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import org.inocds.regimen.BodySurfaceArea;
import org.inocds.regimen.ExpectedDose;
import org.inocds.regimen.RegimenPosition;

/**
 * What a dosing card shows and puts in {@code extension.inocds.finding}: the position, the planned date,
 * the BSA and its inputs, the expected and the ordered dose.
 */
public record DoseEvidence(
        RegimenPosition position,
        LocalDate plannedDate,
        Optional<BodySurfaceArea> bsa,
        Optional<ExpectedDose> expected,
        Optional<BigDecimal> orderedMg) {}
