package org.inocds.regimen;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A dose given, placed in the regimen (the label digest "Regimen").
 *
 * @param scheduled the date its slot was due
 * @param delayDays date − scheduled, never negative (an early dose has delay 0; SCHED-1 judges intervals)
 * @param extra given when no slot of its cycle remained
 * @param partial an infusion stopped part-way (shown as partial; never an intended reduction)
 */
public record PlacedDose(
        LocalDate date, Optional<BigDecimal> mg, int cycle, int day, LocalDate scheduled, int delayDays, boolean extra,
        String sourceRef, boolean partial) {}
