package org.inocds.record;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

/**
 * One reference range of a result, as far as the rules use it: its upper limit and whom it applies to (the label digest
 * "Units and thresholds": the ULN is the one of the range that applies to this patient, by sex and by age on the result's
 * date). A laboratory may send one range per sex or per age band.
 *
 * @param high the upper limit in the analyte's unit (rounded for display after a dividing conversion)
 * @param exactHigh the upper limit × the result's divisor, exactly (see {@link LabResult})
 * @param sexes the sexes it applies to (FHIR {@code appliesTo}); empty when it names none
 * @param ageLow the lowest age it applies to, inclusive; empty when it names none
 * @param ageHigh the highest age it applies to, inclusive (in whole units: "18–64 a" takes 64 years and 364 days)
 * @param otherCondition it names a population the record cannot judge (an {@code appliesTo} that is not a sex, an age in an
 *     unknown unit): it never applies
 */
public record ReferenceRange(BigDecimal high, BigDecimal exactHigh, Set<PatientRecord.Sex> sexes, Optional<AgeLimit> ageLow,
        Optional<AgeLimit> ageHigh, boolean otherCondition) {

    /** An age bound: an amount of whole units (years, months, weeks or days). */
    public record AgeLimit(BigDecimal amount, ChronoUnit unit) {

        /** The patient's age on {@code date} in this bound's unit, in whole units. */
        long ageOf(LocalDate birthDate, LocalDate date) {
            return unit.between(birthDate, date);
        }
    }

    public ReferenceRange {
        sexes = Set.copyOf(sexes);
    }

    /** A range that names no population (the ULN as most laboratories send it). */
    public static ReferenceRange of(BigDecimal high, BigDecimal exactHigh) {
        return new ReferenceRange(high, exactHigh, Set.of(), Optional.empty(), Optional.empty(), false);
    }

    /** Whether it names a population at all (a sex, an age band, or something else). */
    public boolean conditional() {
        return !sexes.isEmpty() || ageLow.isPresent() || ageHigh.isPresent() || otherCondition;
    }

    /**
     * Whether this patient on {@code date} is in the population the range names: the sex is one of its sexes (an unknown
     * sex is in none) and the age, when it names one, within its bounds (an unknown birth date is within none).
     */
    public boolean appliesTo(PatientRecord.Sex sex, Optional<LocalDate> birthDate, LocalDate date) {
        if (otherCondition || (!sexes.isEmpty() && !sexes.contains(sex))) {
            return false;
        }
        if (ageLow.isEmpty() && ageHigh.isEmpty()) {
            return true;
        }
        if (birthDate.isEmpty()) {
            return false;
        }
        boolean aboveLow = ageLow.map(l -> BigDecimal.valueOf(l.ageOf(birthDate.get(), date)).compareTo(l.amount()) >= 0).orElse(true);
        boolean belowHigh = ageHigh.map(h -> BigDecimal.valueOf(h.ageOf(birthDate.get(), date)).compareTo(h.amount()) <= 0).orElse(true);
        return aboveLow && belowHigh;
    }
}
