package org.inocds.record;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A numeric result in the analyte's unit, with the reference ranges it carried, their upper limits in the same unit (the
 * label digest "Units and thresholds": the result's own ULN comes first — of the range that applies to this patient).
 *
 * @param drawTime the effective date-time as written, to pair results of the same draw (WBC × %)
 * @param ranges the result's own reference ranges that have an upper limit, in the order sent
 * @param received the value and unit as the source sent them, for cards that show what was used
 * @param derived how the value was computed, when it was (e.g. ANC from WBC × neutrophil %)
 * @param exactValue the value × {@code divisor}, exactly: a conversion that divides (bilirubin µmol/L ÷ 17.1) has no
 *     exact decimal, so {@code value} is rounded for display while thresholds compare {@code exactValue} against the
 *     ULN in the same units (the label digest "Units and thresholds": exact arithmetic; rounding is for display only)
 * @param divisor what {@code exactValue} is divided by to give the analyte's unit (1 for every plain multiple)
 */
public record LabResult(
        Analyte analyte,
        BigDecimal value,
        LocalDate date,
        String drawTime,
        List<ReferenceRange> ranges,
        String received,
        String sourceRef,
        Optional<Derivation> derived,
        BigDecimal exactValue,
        BigDecimal divisor) {

    public LabResult {
        ranges = List.copyOf(ranges);
    }

    /**
     * A result whose conversion to the analyte's unit was a plain multiple, with at most one range, naming no population:
     * value and ULN are exact as they are.
     */
    public LabResult(Analyte analyte, BigDecimal value, LocalDate date, String drawTime, Optional<BigDecimal> upperLimit,
            String received, String sourceRef, Optional<Derivation> derived) {
        this(analyte, value, date, drawTime, upperLimit.map(u -> List.of(ReferenceRange.of(u, u))).orElse(List.of()), received,
                sourceRef, derived, value, BigDecimal.ONE);
    }
}
