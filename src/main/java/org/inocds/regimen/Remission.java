package org.inocds.regimen;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.inocds.record.Analyte;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.LabResult;
import org.inocds.record.PatientRecord;

/**
 * Whether, and since when, CR/CRi is documented after treatment began (the label digest "Regimen"; 用法・用量に関連する
 * 使用上の注意 1). Either an ALL Condition in remission recorded after C1D1, or all three of the label's criteria:
 * marrow blasts under the threshold (5 %), no leukaemic blasts in the peripheral blood (a peripheral blast result of
 * 0 — or "not detected" in any form, which the reader gives as 0 — within 7 days of the marrow result) and no active
 * extramedullary disease. Count recovery is not required. A marrow result under 5 % without a peripheral result, or
 * with extramedullary disease active, is not CR/CRi: it is returned as {@link Unconfirmed}, so that the dosing card can
 * say which criterion is missing and ask the clinician to confirm. Blasts seen in the blood (a result above 0, or
 * "detected") refute CR/CRi: nothing is left to confirm, and 0.8 mg/m² stands.
 */
public final class Remission {

    /** Days between a marrow result and the peripheral blast count that goes with it. */
    public static final int PERIPHERAL_WINDOW_DAYS = 7;

    /** A criterion of CR/CRi the record does not show. */
    public enum Missing { PERIPHERAL_BLAST_RESULT, EXTRAMEDULLARY_DISEASE_ACTIVE }

    /** A marrow result under the threshold that is not, on its own, CR/CRi. */
    public record Unconfirmed(LabResult marrow, List<Missing> missing) {}

    /**
     * @param since the first date CR/CRi was documented after C1D1
     * @param unconfirmed the newest marrow result under the threshold that lacks a criterion, when CR/CRi is not documented
     */
    public record Assessment(Optional<LocalDate> since, Optional<Unconfirmed> unconfirmed) {
        public static final Assessment NONE = new Assessment(Optional.empty(), Optional.empty());
    }

    private Remission() {}

    public static Optional<LocalDate> since(PatientRecord record, Optional<LocalDate> firstDose, BigDecimal marrowBlastThreshold) {
        return assess(record, firstDose, marrowBlastThreshold).since();
    }

    public static Assessment assess(PatientRecord record, Optional<LocalDate> firstDose, BigDecimal marrowBlastThreshold) {
        if (firstDose.isEmpty()) {
            return Assessment.NONE;
        }
        LocalDate c1d1 = firstDose.get();
        List<LocalDate> documented = new ArrayList<>();
        record.facts(ClinicalConcept.ALL).stream()
                .filter(f -> f.status() == ClinicalFact.Status.REMISSION)
                .flatMap(f -> f.date().stream())
                .filter(d -> d.isAfter(c1d1))
                .forEach(documented::add);
        boolean extramedullary = record.has(ClinicalConcept.EXTRAMEDULLARY_DISEASE, ClinicalFact.Status.ACTIVE);
        Optional<Unconfirmed> unconfirmed = Optional.empty();
        List<LabResult> marrows = record.labs().stream()
                .filter(l -> l.analyte() == Analyte.MARROW_BLASTS_PERCENT && l.date().isAfter(c1d1)
                        && l.value().compareTo(marrowBlastThreshold) < 0)
                .sorted(Comparator.comparing(LabResult::date))
                .toList();
        for (LabResult marrow : marrows) {
            List<LabResult> peripheral = record.labs().stream()
                    .filter(l -> (l.analyte() == Analyte.PERIPHERAL_BLASTS_PERCENT || l.analyte() == Analyte.PERIPHERAL_BLASTS)
                            && Math.abs(ChronoUnit.DAYS.between(marrow.date(), l.date())) <= PERIPHERAL_WINDOW_DAYS)
                    .toList();
            boolean blastsSeen = peripheral.stream().anyMatch(l -> l.value().signum() > 0)
                    || record.facts(ClinicalConcept.PERIPHERAL_BLASTS_DETECTED).stream().anyMatch(f -> f.date()
                            .filter(d -> Math.abs(ChronoUnit.DAYS.between(marrow.date(), d)) <= PERIPHERAL_WINDOW_DAYS).isPresent());
            if (blastsSeen) {
                unconfirmed = Optional.empty(); // the data refute CR/CRi at this marrow result: nothing to confirm
                continue;
            }
            List<Missing> missing = new ArrayList<>();
            if (peripheral.isEmpty()) {
                missing.add(Missing.PERIPHERAL_BLAST_RESULT);
            }
            if (extramedullary) {
                missing.add(Missing.EXTRAMEDULLARY_DISEASE_ACTIVE);
            }
            if (missing.isEmpty()) {
                LocalDate latest = peripheral.stream().map(LabResult::date).max(LocalDate::compareTo).orElse(marrow.date());
                documented.add(latest.isAfter(marrow.date()) ? latest : marrow.date());
            } else {
                unconfirmed = Optional.of(new Unconfirmed(marrow, List.copyOf(missing)));
            }
        }
        Optional<LocalDate> since = documented.stream().min(LocalDate::compareTo);
        return new Assessment(since, since.isPresent() ? Optional.empty() : unconfirmed);
    }
}
