package org.inocds.record;

import java.math.BigDecimal;

/**
 * How a count was computed when the laboratory did not report it: {@code from} (its value {@code fromValue} in its
 * analyte's unit) × {@code percent} % / 100 of the same draw (an ANC from the WBC and the neutrophil %, the label digest
 * "Units and thresholds"). Both inputs are kept so that a pharmacist can redo the sum from the card. A fact, not a
 * text: the card words it in its language.
 */
public record Derivation(Analyte from, BigDecimal fromValue, BigDecimal percent) {

    public Derivation {
        percent = percent.stripTrailingZeros();
    }
}
