package org.inocds.regimen;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import java.util.stream.Stream;
import org.inocds.record.Analyte;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.PatientRecord;

/**
 * When CR/CRi was first documented after treatment began (RULES.md §1 "Response"; 用法・用量に関連する使用上の
 * 注意 1): an ALL Condition in remission recorded after C1D1, or a marrow blast percentage under the
 * threshold (5 %) observed after C1D1. Count recovery is not required. An undated remission is not used.
 */
public final class Remission {

    private Remission() {}

    public static Optional<LocalDate> since(PatientRecord record, Optional<LocalDate> firstDose, BigDecimal marrowBlastThreshold) {
        if (firstDose.isEmpty()) {
            return Optional.empty();
        }
        LocalDate c1d1 = firstDose.get();
        Stream<LocalDate> byCondition = record.facts(ClinicalConcept.ALL).stream()
                .filter(f -> f.status() == ClinicalFact.Status.REMISSION)
                .flatMap(f -> f.date().stream());
        Stream<LocalDate> byMarrow = record.labs().stream()
                .filter(l -> l.analyte() == Analyte.MARROW_BLASTS_PERCENT && l.value().compareTo(marrowBlastThreshold) < 0)
                .map(l -> l.date());
        return Stream.concat(byCondition, byMarrow).filter(d -> d.isAfter(c1d1)).min(LocalDate::compareTo);
    }

}
