package org.inocds.record;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One inotuzumab dose that was given (the label digest "Regimen": a completed MedicationAdministration, or a completed
 * MedicationRequest where the server has no administrations) — one a site-local day: see {@link #onePerDay}.
 *
 * @param doseMg the dose in mg when the record states one in a convertible unit (for a day of several records, their sum;
 *     empty when any of them states none)
 * @param sourceRef the record it was read from (for a day of several records, each, comma-separated)
 * @param partial an infusion stopped part-way: given, at the dose recorded, but never an intended reduction (the label digest "Regimen")
 */
public record InotuzumabDose(LocalDate date, Optional<BigDecimal> doseMg, String sourceRef, boolean partial) {

    public InotuzumabDose(LocalDate date, Optional<BigDecimal> doseMg, String sourceRef) {
        this(date, doseMg, sourceRef, false);
    }

    /**
     * One dosing day, one dose (RULES §1): the label gives inotuzumab on days 1, 8 and 15 of a cycle, one infusion a day
     * (用法・用量), so several records of one site-local day — an infusion interrupted for a reaction and resumed, a bag
     * changed — are parts of that day's one dose and never fill two slots. The day's dose is the sum of the parts' mg
     * (exact); it is unknown when any part's is (a known part alone would understate it); it is partial when any part
     * was a stopped infusion (the day counts as given, and is never read as an intended reduction).
     *
     * @param records the doses as recorded, in any order, already dated in the site's days
     * @return one dose a day, oldest first
     */
    public static List<InotuzumabDose> onePerDay(List<InotuzumabDose> records) {
        List<InotuzumabDose> days = new ArrayList<>();
        for (InotuzumabDose part : records.stream().sorted(Comparator.comparing(InotuzumabDose::date)).toList()) {
            int last = days.size() - 1;
            if (last >= 0 && days.get(last).date().equals(part.date())) {
                days.set(last, days.get(last).with(part));
            } else {
                days.add(part);
            }
        }
        return List.copyOf(days);
    }

    /** This day's dose with one more part of the same day. */
    private InotuzumabDose with(InotuzumabDose part) {
        Optional<BigDecimal> sum = doseMg.isPresent() && part.doseMg().isPresent()
                ? Optional.of(doseMg.get().add(part.doseMg().get())) : Optional.empty();
        return new InotuzumabDose(date, sum, sourceRef + ", " + part.sourceRef(), partial || part.partial());
    }
}
