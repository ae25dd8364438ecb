package org.inocds.record;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One height (cm), weight (kg) or recorded BSA (m²), already in that unit, with the date it was taken and
 * the FHIR reference it came from (shown on cards as evidence).
 */
public record BodyMeasure(BigDecimal value, LocalDate date, String sourceRef) {}
