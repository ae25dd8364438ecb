package org.inocds.regimen;

import java.math.BigDecimal;

/**
 * The label's doses (用法・用量 and 用法・用量に関連する使用上の注意 1, 4; the label digest "Regimen").
 */
public final class DoseSchedule {

    /** Day 1 before CR/CRi, and every cycle-1 day 1. */
    public static final BigDecimal DAY1_MG_PER_M2 = new BigDecimal("0.8");
    /** Day 8 and day 15; also day 1 from cycle 2 on once CR/CRi has been reached. */
    public static final BigDecimal DAY8_15_MG_PER_M2 = new BigDecimal("0.5");
    /** 25 % reduction of every dose from dose level 1 on (用量調節基準 14日以上). */
    public static final BigDecimal REDUCED_FACTOR = new BigDecimal("0.75");

    private DoseSchedule() {}

    /** Full-level mg/m² for a day of a cycle. */
    public static BigDecimal fullMgPerM2(int cycle, int day, boolean remissionReached) {
        if (day == 1) {
            return cycle >= 2 && remissionReached ? DAY8_15_MG_PER_M2 : DAY1_MG_PER_M2;
        }
        return DAY8_15_MG_PER_M2;
    }

    /** Multiplier of every dose at a dose level (0 full, 1 and 2 reduced by 25 %). */
    public static BigDecimal levelFactor(int doseLevel) {
        return doseLevel == 0 ? BigDecimal.ONE : REDUCED_FACTOR;
    }
}
