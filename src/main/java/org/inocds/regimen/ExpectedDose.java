package org.inocds.regimen;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The dose the label expects for one administration: mg/m² at the dose level × BSA, rounded half-up to
 * 0.01 mg (the label digest "Regimen").
 *
 * @param fullMgPerM2 the label's mg/m² for the cycle and day before any reduction
 * @param levelFactor 1 or 0.75
 * @param mgPerM2 fullMgPerM2 × levelFactor
 */
public record ExpectedDose(BigDecimal fullMgPerM2, BigDecimal levelFactor, BigDecimal mgPerM2, BigDecimal bsaM2, BigDecimal mg) {

    public static ExpectedDose of(BigDecimal fullMgPerM2, int doseLevel, BigDecimal bsaM2) {
        BigDecimal factor = DoseSchedule.levelFactor(doseLevel);
        BigDecimal perM2 = fullMgPerM2.multiply(factor).stripTrailingZeros();
        BigDecimal mg = perM2.multiply(bsaM2).setScale(2, RoundingMode.HALF_UP);
        return new ExpectedDose(fullMgPerM2, factor, perM2, bsaM2, mg);
    }
}
