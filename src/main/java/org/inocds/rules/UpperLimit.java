package org.inocds.rules;

import java.math.BigDecimal;
import java.util.Optional;
import org.inocds.record.LabResult;

/**
 * The upper limit of normal a result is judged against (the label digest "Units and thresholds"): the result's own reference range
 * first, else the site default; the card says which.
 */
public record UpperLimit(BigDecimal value, boolean fromResult, BigDecimal exactValue) {

    /** @param exactValue the ULN in the result's exact units ({@link LabResult#exactValue()}), for the comparison */
    static Optional<UpperLimit> of(LabResult result, RuleSettings settings) {
        if (result.upperLimit().isPresent()) {
            return Optional.of(new UpperLimit(result.upperLimit().get(), true,
                    result.exactUpperLimit().orElse(result.upperLimit().get().multiply(result.divisor()))));
        }
        return settings.defaultUpperLimit(result.analyte()).map(v -> new UpperLimit(v, false, v.multiply(result.divisor())));
    }

    /**
     * The result &gt; factor × ULN, exactly: both sides in the result's exact units, so a bilirubin of 33 µmol/L
     * against a ULN of 22 µmol/L is exactly 1.5 × (no division, no rounding, no binary floating point).
     */
    boolean exceededBy(LabResult result, BigDecimal factor) {
        return result.exactValue().compareTo(exactValue.multiply(factor)) > 0;
    }

    /** The result ≥ ULN, exactly. */
    boolean reachedBy(LabResult result) {
        return result.exactValue().compareTo(exactValue) >= 0;
    }

    String origin() {
        return fromResult ? "result" : "site-default";
    }

    /** Where the ULN came from, for a card: (R) the result's own reference range, (S) the site default ({@code phrase.uln-origin.*}). */
    static Phrase origin(UpperLimit uln) {
        return Phrase.of("phrase.uln-origin." + uln.origin());
    }
}
