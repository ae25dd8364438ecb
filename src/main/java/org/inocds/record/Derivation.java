package org.inocds.record;

import java.math.BigDecimal;

/**
 * How a count was computed when the laboratory did not report it: {@code from} × {@code percent} % / 100 of the same
 * draw (an ANC from the WBC and the neutrophil %, the label digest "Units and thresholds"). A fact, not a text: the
 * card words it in its language.
 */
public record Derivation(Analyte from, BigDecimal percent) {

    public Derivation {
        percent = percent.stripTrailingZeros();
    }
}
