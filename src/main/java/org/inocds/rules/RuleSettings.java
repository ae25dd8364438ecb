package org.inocds.rules;

import java.math.BigDecimal;
import org.inocds.regimen.BsaFormula;

/**
 * The settings the rules read, as plain values (filled from {@code inocds.dosing.*} and {@code inocds.rules.*};
 * defaults and meanings in InocdsProperties).
 */
public record RuleSettings(
        BsaFormula bsaFormula,
        BigDecimal doseTolerancePercent,
        int weightWindowDays,
        int heightWindowDays,
        int labWindowDays,
        int pediatricAgeBelow,
        int contraceptionAgeFrom,
        int contraceptionAgeTo,
        BigDecimal marrowBlastRemissionPercent,
        BigDecimal vialMg,
        BigDecimal reconstitutionMl,
        boolean startChecklist,
        boolean surveillanceRegistration,
        boolean preparationOnOrderSign) {

    /** The defaults documented in InocdsProperties, for tests and tools. */
    public static RuleSettings defaults() {
        return new RuleSettings(BsaFormula.MOSTELLER, new BigDecimal("5"), 30, 365, 7, 18, 12, 55,
                new BigDecimal("5"), BigDecimal.ONE, new BigDecimal("4"), true, true, false);
    }
}
