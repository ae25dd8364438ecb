package org.inocds.rules;

import java.math.BigDecimal;
import java.util.Optional;
import org.inocds.record.LabResult;

/**
 * The upper limit of normal a result is judged against (RULES.md §3): the result's own reference range
 * first, else the site default; the card says which.
 */
public record UpperLimit(BigDecimal value, boolean fromResult) {

    static Optional<UpperLimit> of(LabResult result, RuleSettings settings) {
        if (result.upperLimit().isPresent()) {
            return Optional.of(new UpperLimit(result.upperLimit().get(), true));
        }
        return settings.defaultUpperLimit(result.analyte()).map(v -> new UpperLimit(v, false));
    }

    /** value &gt; factor × ULN, exactly (no binary floating point at the boundary). */
    boolean exceededBy(BigDecimal resultValue, BigDecimal factor) {
        return resultValue.compareTo(value.multiply(factor)) > 0;
    }

    String origin() {
        return fromResult ? "result" : "site-default";
    }
}
