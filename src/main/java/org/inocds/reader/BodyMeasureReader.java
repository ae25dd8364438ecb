package org.inocds.reader;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.knowledge.CodeSet;
import org.inocds.knowledge.CodeSets;
import org.inocds.knowledge.Units;
import org.inocds.record.BodyMeasure;
import org.inocds.record.DataIssue;
import org.inocds.record.RecordPart;

/**
 * Height, weight and a recorded BSA (BSA: the dose rules): recognised through the body ValueSets, converted through UCUM into
 * cm, kg and m²; a unit that cannot be converted or a value no patient has is a data-quality issue, never a dose.
 */
final class BodyMeasureReader {

    /** The body ValueSets by URL, looked up once. */
    private final Map<String, CodeSet> sets = new HashMap<>();
    private final Units units;

    BodyMeasureReader(CodeSets codeSets, Units units) {
        for (String url : List.of(CodeSets.BODY_HEIGHT, CodeSets.BODY_WEIGHT, CodeSets.BODY_SURFACE_AREA)) {
            sets.put(url, codeSets.get(url));
        }
        this.units = units;
    }

    void read(LabObservation o, String codeSet, String unit, List<BodyMeasure> into, List<DataIssue> issues) {
        if (!o.code().in(sets.get(codeSet))) {
            return;
        }
        if (!(o.value().orElse(null) instanceof ObservedQuantity q) || !q.hasValue() || o.date().isEmpty()) {
            return;
        }
        String ref = o.reference();
        // the card names the measurement by what and when (its display and date), never by its FHIR id (issue 23)
        String named = (o.code().display().isEmpty() ? unit : o.code().display()) + ", " + o.date().get();
        Optional<BigDecimal> value = q.in(unit, units);
        if (value.isEmpty()) {
            issues.add(DataIssue.ofPart(DataIssue.Kind.UNIT_UNKNOWN, RecordPart.BODY_MEASUREMENTS, named,
                    q.value().toPlainString() + " " + Units.shown(q.conversionUnit())));
            return;
        }
        if (!plausible(unit, value.get())) {
            issues.add(DataIssue.ofPart(DataIssue.Kind.VALUE_IMPLAUSIBLE, RecordPart.BODY_MEASUREMENTS, named,
                    q.value().toPlainString() + " " + Units.shown(q.conversionUnit())));
            return;
        }
        into.add(new BodyMeasure(value.get(), o.date().get(), ref));
    }

    /**
     * Bounds outside which a body measure is an entry error, not a patient, and is never dosed on (ours: the label
     * digest "Units and thresholds"): height 20–260 cm, weight 0.5–500 kg, BSA 0.1–5 m². Wide on purpose — a child or a
     * very large adult is dosed; a weight typed in grams as kilograms is not.
     */
    static final BigDecimal MIN_HEIGHT_CM = new BigDecimal("20");
    static final BigDecimal MAX_HEIGHT_CM = new BigDecimal("260");
    static final BigDecimal MIN_WEIGHT_KG = new BigDecimal("0.5");
    static final BigDecimal MAX_WEIGHT_KG = new BigDecimal("500");
    static final BigDecimal MIN_BSA_M2 = new BigDecimal("0.1");
    static final BigDecimal MAX_BSA_M2 = new BigDecimal("5");

    private static boolean plausible(String unit, BigDecimal v) {
        return switch (unit) {
            case "cm" -> v.compareTo(MIN_HEIGHT_CM) >= 0 && v.compareTo(MAX_HEIGHT_CM) <= 0;
            case "kg" -> v.compareTo(MIN_WEIGHT_KG) >= 0 && v.compareTo(MAX_WEIGHT_KG) <= 0;
            default -> v.compareTo(MIN_BSA_M2) >= 0 && v.compareTo(MAX_BSA_M2) <= 0;
        };
    }
}
