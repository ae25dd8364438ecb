package org.inocds.rules;

import org.inocds.record.Analyte;

/** The unit the service states an analyte in ({@link Analyte#unit()}: ours, not the laboratory's), as a card value. */
public record UnitOf(Analyte analyte) {}
