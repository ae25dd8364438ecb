package org.inocds.rules;

import java.math.BigDecimal;
import org.inocds.regimen.BsaFormula;

/** The settings the rules read, as plain values (filled from {@code inocds.dosing.*}). */
public record RuleSettings(BsaFormula bsaFormula, BigDecimal doseTolerancePercent, int weightWindowDays, int heightWindowDays) {}
