package org.inocds.reader;

import java.math.BigDecimal;
import java.util.Optional;
import org.hl7.fhir.r4.model.Quantity;
import org.inocds.knowledge.Units;

/**
 * A FHIR Quantity as the reader uses it. Its comparator is kept: a "&lt; 0.1" result reads as 0.1 for most analytes
 * (a limit above or below it still decides), but a peripheral blast count "under" a detection limit is neither none nor
 * blasts seen ({@code LabReader}).
 *
 * @param value null when the quantity has none
 * @param unit the human-readable unit, or null
 * @param system the unit's code system, or null
 * @param code the unit's code, or null
 * @param comparator {@code <}, {@code <=}, {@code >=}, {@code >} or {@code ad}; null when the value is exact
 */
record ObservedQuantity(BigDecimal value, String unit, String system, String code, String comparator) implements ObservedValue {

    static ObservedQuantity of(Quantity q) {
        return new ObservedQuantity(q.getValue(), q.hasUnit() ? q.getUnit() : null, q.hasSystem() ? q.getSystem() : null,
                q.hasCode() ? q.getCode() : null, q.hasComparator() ? q.getComparator().toCode() : null);
    }

    /** A value stated only as below a limit ("&lt; 1 %"): under it, but not known to be 0. */
    boolean below() {
        return "<".equals(comparator) || "<=".equals(comparator);
    }

    /** The quantity in {@code target} units, through UCUM; empty when it has no value or cannot be converted. */
    Optional<BigDecimal> in(String target, Units units) {
        return hasValue() ? units.convert(value, conversionUnit(), target) : Optional.empty();
    }

    boolean hasValue() {
        return value != null;
    }

    /** Whether it says its unit at all (a coded one or a written one). */
    boolean statesUnit() {
        return code != null || unit != null;
    }

    /**
     * The unit converted from: its code — UCUM's, or another system's that may still be valid UCUM and is tried as
     * such — else its written unit; null when it has neither.
     */
    String conversionUnit() {
        return code != null ? code : unit;
    }
}
