package org.inocds.regimen;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.inocds.record.BodyMeasure;
import org.inocds.record.PatientRecord;

/**
 * Chooses the BSA for a dose planned on a date (the label digest "Regimen" and DOSE-1): a recorded BSA (LOINC 8277-6)
 * taken within the weight window and not older than the newest weight; otherwise the formula on the
 * newest height (within the height window) and weight (within the weight window). When neither works the
 * result names each missing or outdated input.
 */
public final class BsaInputs {

    /** Why no BSA could be had: the input, and the date of the newest one found (empty if none). */
    public record Problem(String input, Optional<LocalDate> newestDate, int windowDays) {}

    /** Either a BSA or the problems that prevented one. */
    public record Outcome(Optional<BodySurfaceArea> bsa, List<Problem> problems) {}

    private BsaInputs() {}

    public static Outcome resolve(
            PatientRecord record, LocalDate plannedDate, BsaFormula formula, int weightWindowDays, int heightWindowDays) {
        Optional<BodyMeasure> weight = PatientRecord.latestOnOrBefore(record.weightsKg(), plannedDate);
        Optional<BodyMeasure> height = PatientRecord.latestOnOrBefore(record.heightsCm(), plannedDate);
        Optional<BodyMeasure> recorded = PatientRecord.latestOnOrBefore(record.recordedBsaM2(), plannedDate);

        boolean weightFresh = weight.filter(w -> within(w, plannedDate, weightWindowDays)).isPresent();
        boolean heightFresh = height.filter(h -> within(h, plannedDate, heightWindowDays)).isPresent();

        if (recorded.isPresent()
                && within(recorded.get(), plannedDate, weightWindowDays)
                && weight.map(w -> !w.date().isAfter(recorded.get().date())).orElse(true)) {
            return new Outcome(
                    Optional.of(new BodySurfaceArea(
                            recorded.get().value(), formula, recorded, Optional.empty(), Optional.empty())),
                    List.of());
        }
        if (weightFresh && heightFresh) {
            var m2 = formula.squareMeters(height.get().value(), weight.get().value());
            return new Outcome(
                    Optional.of(new BodySurfaceArea(m2, formula, Optional.empty(), height, weight)), List.of());
        }
        List<Problem> problems = new ArrayList<>();
        if (!weightFresh) {
            problems.add(new Problem("weight", weight.map(BodyMeasure::date), weightWindowDays));
        }
        if (!heightFresh) {
            problems.add(new Problem("height", height.map(BodyMeasure::date), heightWindowDays));
        }
        return new Outcome(Optional.empty(), problems);
    }

    /**
     * The BSA from the height and weight nearest in time to {@code date}, before or after, whatever their age: for
     * judging a past dose when nothing lay inside the windows (the label digest "Regimen"); the weight's date is returned with it.
     */
    public static Optional<NearestBsa> nearest(PatientRecord record, LocalDate date, BsaFormula formula) {
        Optional<BodyMeasure> weight = nearestTo(record.weightsKg(), date);
        Optional<BodyMeasure> height = nearestTo(record.heightsCm(), date);
        if (weight.isPresent() && height.isPresent()) {
            return Optional.of(new NearestBsa(formula.squareMeters(height.get().value(), weight.get().value()), weight.get().date()));
        }
        return nearestTo(record.recordedBsaM2(), date).map(b -> new NearestBsa(b.value(), b.date()));
    }

    /** A BSA from measurements outside the windows, and the date of the one that matters most (the weight). */
    public record NearestBsa(BigDecimal squareMeters, LocalDate measuredOn) {}

    private static Optional<BodyMeasure> nearestTo(List<BodyMeasure> measures, LocalDate date) {
        return measures.stream().min(Comparator.comparingLong(m -> Math.abs(ChronoUnit.DAYS.between(m.date(), date))));
    }

    private static boolean within(BodyMeasure m, LocalDate plannedDate, int windowDays) {
        return !m.date().isBefore(plannedDate.minusDays(windowDays));
    }
}
