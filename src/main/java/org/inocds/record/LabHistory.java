package org.inocds.record;

import java.time.LocalDate;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * A patient's laboratory results, oldest first, indexed by analyte so that "the newest result on or before a date" is a
 * binary search, not a scan and a sort of the whole history: the rules ask it many times per call, and a history of
 * thousands of results made that grow faster than the data (docs/performance.md).
 */
final class LabHistory extends AbstractList<LabResult> implements RandomAccess {

    /** Oldest first; results of one draw time keep the order they were read in. */
    static final Comparator<LabResult> CHRONOLOGICAL = Comparator.comparing(LabResult::date).thenComparing(LabResult::drawTime);

    private final List<LabResult> all;
    private final Map<Analyte, List<LabResult>> byAnalyte = new EnumMap<>(Analyte.class);
    /** Per analyte, newest first (one draw time: in reading order), built once: a lookup is then a view, not a copy. */
    private final Map<Analyte, List<LabResult>> newestFirst = new EnumMap<>(Analyte.class);

    private LabHistory(List<LabResult> labs) {
        List<LabResult> sorted = new ArrayList<>(labs);
        sorted.sort(CHRONOLOGICAL); // List.sort is stable
        this.all = List.copyOf(sorted);
        for (LabResult r : all) {
            byAnalyte.computeIfAbsent(r.analyte(), a -> new ArrayList<>()).add(r);
        }
        byAnalyte.forEach((analyte, of) -> {
            List<LabResult> out = new ArrayList<>(of.size());
            int i = of.size();
            while (i > 0) {
                int start = tieStart(of, i - 1);
                out.addAll(of.subList(start, i));
                i = start;
            }
            newestFirst.put(analyte, Collections.unmodifiableList(out));
        });
    }

    static LabHistory of(List<LabResult> labs) {
        return labs instanceof LabHistory history ? history : new LabHistory(labs);
    }

    @Override
    public LabResult get(int index) {
        return all.get(index);
    }

    @Override
    public int size() {
        return all.size();
    }

    /** Results of an analyte taken on or before {@code date}, newest first (one draw time: in reading order). */
    List<LabResult> newestFirst(Analyte analyte, LocalDate onOrBefore) {
        List<LabResult> of = byAnalyte.getOrDefault(analyte, List.of());
        // those after the date are the first (size - end) of the newest-first list: a date groups whole draws
        int end = after(of, onOrBefore);
        List<LabResult> newest = newestFirst.getOrDefault(analyte, List.of());
        return newest.subList(newest.size() - end, newest.size());
    }

    /** The newest result of an analyte on or before {@code date}, if it was taken within {@code windowDays} of it. */
    Optional<LabResult> latest(Analyte analyte, LocalDate date, int windowDays) {
        List<LabResult> of = byAnalyte.getOrDefault(analyte, List.of());
        int end = after(of, date);
        if (end == 0) {
            return Optional.empty();
        }
        LabResult newest = of.get(tieStart(of, end - 1));
        return newest.date().isBefore(date.minusDays(windowDays)) ? Optional.empty() : Optional.of(newest);
    }

    /** The index of the first result dated after {@code date} (binary search). */
    private static int after(List<LabResult> of, LocalDate date) {
        int lo = 0;
        int hi = of.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (of.get(mid).date().isAfter(date)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The first index of the run of results with the same date and draw time as {@code of.get(last)}. */
    private static int tieStart(List<LabResult> of, int last) {
        int start = last;
        while (start > 0 && CHRONOLOGICAL.compare(of.get(start - 1), of.get(last)) == 0) {
            start--;
        }
        return start;
    }
}
