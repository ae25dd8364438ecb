package org.inocds.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.Analyte;
import org.inocds.record.LabResult;
import org.inocds.record.PatientRecord;
import org.inocds.record.ReferenceRange;

/**
 * The upper limit of normal a result is judged against (the label digest "Units and thresholds"; RULES §3 "ULN"): the
 * result's own reference range that applies to this patient (a laboratory may send one per sex or per age band: the
 * patient's sex, and age on the result's date), else its range that names no population, else the site's setting for the
 * analyte and the patient's sex. The card says which ({@link #origin}).
 *
 * @param fromResult whether it is the result's own
 * @param exactValue the ULN in the result's exact units ({@link LabResult#exactValue()}), for the comparison
 * @param origin where it came from, worded by the card: (R) the result's range, (R: women) its range for the patient's
 *     population, (S) the site's setting, (S: women) the site's setting for the patient's sex
 */
public record UpperLimit(BigDecimal value, boolean fromResult, BigDecimal exactValue, Phrase origin) {

    public static Optional<UpperLimit> of(LabResult result, PatientRecord patient, RuleSettings settings) {
        for (ReferenceRange r : result.ranges()) {
            if (r.conditional() && r.appliesTo(patient.sex(), patient.birthDate(), result.date())) {
                return Optional.of(new UpperLimit(r.high(), true, r.exactHigh(),
                        new Phrase("phrase.uln-origin.result-for", Map.of("who", population(r, patient, result)))));
            }
        }
        for (ReferenceRange r : result.ranges()) {
            if (!r.conditional()) {
                return Optional.of(new UpperLimit(r.high(), true, r.exactHigh(), Phrase.of("phrase.uln-origin.result")));
            }
        }
        return siteDefault(result.analyte(), patient, settings).map(u -> new UpperLimit(u.value(), false,
                u.value().multiply(result.divisor()), u.origin()));
    }

    /** The site's setting for the analyte and the patient's sex (the stricter of the two when the sex is not recorded). */
    public static Optional<UpperLimit> siteDefault(Analyte analyte, PatientRecord patient, RuleSettings settings) {
        return settings.defaultUpperLimit(analyte).map(d -> {
            BigDecimal v = d.forSex(patient.sex());
            Phrase origin = !d.differsBySex() ? Phrase.of("phrase.uln-origin.site-default")
                    : new Phrase("phrase.uln-origin.site-default-for", Map.of("who", forSex(patient.sex())));
            return new UpperLimit(v, false, v, origin);
        });
    }

    /** The population a limit was for by sex: the message selects the words ({@code {sex, select, female … other …}}). */
    private static Phrase forSex(PatientRecord.Sex sex) {
        return new Phrase("phrase.uln-for.sex", Map.of("sex", sex));
    }

    /** Whom the range was for, as the card says it: the patient's sex, and age on the result's date when the range has an age band. */
    private static List<Phrase> population(ReferenceRange r, PatientRecord patient, LabResult result) {
        List<Phrase> who = new ArrayList<>(2);
        if (!r.sexes().isEmpty()) {
            who.add(forSex(patient.sex() == PatientRecord.Sex.FEMALE ? PatientRecord.Sex.FEMALE : PatientRecord.Sex.MALE));
        }
        if (r.ageLow().isPresent() || r.ageHigh().isPresent()) {
            who.add(new Phrase("phrase.uln-for.age", Map.of("age", (long) patient.ageOn(result.date()).orElseThrow())));
        }
        return who;
    }

    /**
     * The result &gt; factor × ULN, exactly: both sides in the result's exact units, so a bilirubin of 33 µmol/L
     * against a ULN of 22 µmol/L is exactly 1.5 × (no division, no rounding, no binary floating point).
     */
    public boolean exceededBy(LabResult result, BigDecimal factor) {
        return result.exactValue().compareTo(exactValue.multiply(factor)) > 0;
    }

    /** The result ≥ ULN, exactly. */
    public boolean reachedBy(LabResult result) {
        return reachedBy(result, BigDecimal.ONE);
    }

    /** The result ≥ factor × ULN, exactly. */
    public boolean reachedBy(LabResult result, BigDecimal factor) {
        return result.exactValue().compareTo(exactValue.multiply(factor)) >= 0;
    }

    /** Where the ULN came from, for a card ({@code phrase.uln-origin.*}). */
    public static Phrase origin(UpperLimit uln) {
        return uln.origin();
    }
}
