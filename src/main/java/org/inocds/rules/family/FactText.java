package org.inocds.rules.family;

import java.time.LocalDate;
import java.util.Optional;
import org.inocds.record.ChartText;

/**
 * A fact of the chart as a clinician names it on a card: its display and, when known, its date (issue 23, item 4).
 * Never its FHIR reference or id: those are for machines, and a card keeps them in its extension and actions only.
 */
final class FactText {

    private FactText() {}

    static ChartText of(String display, Optional<LocalDate> date) {
        return ChartText.of(date.map(d -> display + ", " + d).orElse(display));
    }
}
