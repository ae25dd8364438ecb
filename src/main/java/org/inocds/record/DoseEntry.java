package org.inocds.record;

import java.math.BigDecimal;

/**
 * One {@code doseAndRate} entry of an order, read (the rule catalogue "Dose entries"): an EHR may state the same dose
 * several ways — Epic's "calculated" dose in mg, its "ordered" dose in mg/m², an administered amount in mL or vials.
 *
 * @param value mg for {@link Unit#MG} (mass, or volume/vials × the product's strength), mg/m² for {@link Unit#MG_PER_M2}
 * @param unit what {@code value} counts
 * @param written the entry as the order wrote it (value, unit and, when typed, its type), for the card
 */
public record DoseEntry(BigDecimal value, Unit unit, String written) {

    public enum Unit { MG, MG_PER_M2 }
}
