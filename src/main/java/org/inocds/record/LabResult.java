package org.inocds.record;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A numeric result in the analyte's unit, with its upper reference limit in the same unit when the
 * result carried one (RULES.md §3: the result's own ULN comes first).
 *
 * @param drawTime the effective date-time as written, to pair results of the same draw (WBC × %)
 * @param received the value and unit as the source sent them, for cards that show what was used
 * @param derived how the value was computed, when it was (e.g. ANC from WBC × neutrophil %)
 */
public record LabResult(
        Analyte analyte,
        BigDecimal value,
        LocalDate date,
        String drawTime,
        Optional<BigDecimal> upperLimit,
        String received,
        String sourceRef,
        Optional<String> derived) {}
