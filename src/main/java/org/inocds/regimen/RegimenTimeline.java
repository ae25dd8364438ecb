package org.inocds.regimen;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.inocds.record.CycleDay;
import org.inocds.record.InotuzumabDose;

/**
 * The patient's regimen rebuilt from the doses given (the label digest "Regimen"): cycles, days, scheduled dates,
 * delays, skipped slots, dose level and response; and where a new order falls in it.
 *
 * <ul>
 *   <li>The first dose is cycle 1 day 1. A dose given 21 days (cycle 1) or 28 days (later cycles) or more
 *       after the current day 1 starts the next cycle.</li>
 *   <li>Inside a cycle a dose takes the latest open slot (day 8 at D1+7, day 15 at D1+14) due on or before
 *       its date; earlier open slots are skipped, as the label omits a dose held 7 days or more. A dose before
 *       the next slot's date takes that slot (early).</li>
 *   <li>Delay = date − scheduled date. Next day 1 is due at D1+21 after cycle 1 — any date up to D1+28 is on
 *       time when CR/CRi was documented by then, up to D1+28 (用法・用量に関連する使用上の注意 1) — and D1+28 after.</li>
 *   <li>Dose level (用量調節基準 14日以上): each hold of 14 days or more raises the level for the cycles after
 *       it; a late day 1 raises its own cycle. A dose given at 80 % or less of its full-level dose shows an
 *       intended reduction: level 1 at least from its cycle on. Never lowered again (注意 4: 再度増量しない).
 *       Level 2 gives days 1 and 8 only (our reading of "2 doses per cycle"); level 3 means discontinue.</li>
 * </ul>
 */
public final class RegimenTimeline {

    public static final int CYCLE1_DAYS = 21;
    public static final int CYCLE1_EXTENDED_DAYS = 28;
    public static final int LATER_CYCLE_DAYS = 28;
    public static final int HOLD_RAISING_LEVEL_DAYS = 14;
    /** 用法・用量に関連する使用上の注意 4: at least 6 days between two doses. */
    public static final int MIN_DAYS_BETWEEN_DOSES = 6;
    /** 用量調節基準: a day 8 or 15 held 7 days or more is omitted. */
    public static final int OMIT_AFTER_DELAY_DAYS = 7;
    static final BigDecimal INTENDED_REDUCTION = new BigDecimal("0.80");

    private final List<RegimenCycle> cycles;
    private final List<LevelChange> levelChanges;
    private final Optional<LocalDate> remissionSince;
    /** Holds of 14 days or more so far; the level of the next cycle unless a reduced dose set a floor. */
    private final int longHolds;
    private final int levelFloor;

    private final List<PlacedDose> unjudgedDoses;

    private RegimenTimeline(List<RegimenCycle> cycles, List<LevelChange> levelChanges, Optional<LocalDate> remissionSince,
            int longHolds, int levelFloor, List<PlacedDose> unjudgedDoses) {
        this.unjudgedDoses = List.copyOf(unjudgedDoses);
        this.cycles = List.copyOf(cycles);
        this.levelChanges = List.copyOf(levelChanges);
        this.remissionSince = remissionSince;
        this.longHolds = longHolds;
        this.levelFloor = levelFloor;
    }

    /**
     * @param remissionSince the first date CR/CRi was documented after treatment began, if ever
     * @param bsaOn the BSA that applied on a date, to recognise doses given reduced (the label digest "Regimen": from the nearest
     *     measurement when none lies inside the windows; empty when there is none at all)
     */
    public static RegimenTimeline build(List<InotuzumabDose> given, Optional<LocalDate> remissionSince,
            Function<LocalDate, Optional<DoseBsa>> bsaOn) {
        var doses = given.stream().sorted(Comparator.comparing(InotuzumabDose::date)).toList();
        List<CycleBuilder> cycles = new ArrayList<>();
        List<LevelChange> changes = new ArrayList<>();
        List<FullDose> fullDosesGiven = new ArrayList<>();
        List<PlacedDose> unjudged = new ArrayList<>();
        int longHolds = 0;
        int floor = 0;
        for (InotuzumabDose dose : doses) {
            PlacedDose placed;
            CycleBuilder cycle;
            if (cycles.isEmpty()) {
                cycle = new CycleBuilder(1, dose.date(), 0);
                cycles.add(cycle);
                placed = PlacedDose.firstDose(dose);
            } else {
                CycleBuilder current = cycles.get(cycles.size() - 1);
                if (!dose.date().isBefore(current.day1.plusDays(current.length()))) {
                    LocalDate onTime = nextDay1OnTime(current.number, current.day1, current.length(), remissionSince, dose.date());
                    int delay = positiveDays(onTime, dose.date());
                    if (delay >= HOLD_RAISING_LEVEL_DAYS) {
                        longHolds++;
                    }
                    int level = DoseLevel.capped(Math.max(longHolds, floor));
                    current.closeWith(current.openSlots());
                    cycle = new CycleBuilder(current.number + 1, dose.date(), level);
                    cycles.add(cycle);
                    placed = PlacedDose.inSlot(dose, new CycleDay(cycle.number, 1), current.day1.plusDays(current.length()), delay);
                    if (delay >= HOLD_RAISING_LEVEL_DAYS) {
                        changes.add(LevelChange.hold(dose.date(), new CycleDay(cycle.number, 1), cycle.number, level, delay));
                    }
                } else {
                    cycle = current;
                    var slot = cycle.slotFor(dose.date());
                    if (slot.isEmpty()) {
                        placed = PlacedDose.extra(dose, new CycleDay(cycle.number, cycle.lastDay()));
                    } else {
                        int day = slot.get();
                        cycle.skipBefore(day);
                        LocalDate scheduled = cycle.day1.plusDays(day - 1);
                        int delay = positiveDays(scheduled, dose.date());
                        placed = PlacedDose.inSlot(dose, new CycleDay(cycle.number, day), scheduled, delay);
                        if (delay >= HOLD_RAISING_LEVEL_DAYS) {
                            longHolds++;
                            changes.add(LevelChange.hold(dose.date(), new CycleDay(cycle.number, day), cycle.number + 1,
                                    DoseLevel.capped(Math.max(longHolds, floor)), delay));
                        }
                    }
                }
            }
            cycle.doses.add(placed);
            // A dose at ≤ 80 % of its full-level dose was reduced on purpose: level 1 at least from here on. A partial
            // (stopped) infusion is not a reduction; a dose that cannot be judged is said so, never taken as full.
            if (floor == 0 && cycle.level == 0 && !placed.extra() && !dose.partial() && dose.doseMg().isPresent()) {
                boolean remission = remissionSince.filter(r -> !r.isAfter(dose.date())).isPresent();
                var fullPerM2 = DoseSchedule.fullMgPerM2(placed.cycle(), placed.day(), remission);
                BigDecimal mg = dose.doseMg().get();
                Optional<LevelChange.Reduction> reduction = Optional.empty();
                var bsa = bsaOn.apply(dose.date());
                if (bsa.isPresent()) {
                    var full = ExpectedDose.of(fullPerM2, 0, bsa.get().squareMeters()).mg();
                    if (mg.compareTo(full.multiply(INTENDED_REDUCTION)) <= 0) {
                        reduction = Optional.of(new LevelChange.Reduction(mg, full, bsa.get().nearestMeasurement().isPresent()
                                ? LevelChange.Basis.NEAREST_MEASUREMENT : LevelChange.Basis.BSA_OF_ITS_DATE, bsa.get().nearestMeasurement()));
                    }
                } else {
                    Optional<BigDecimal> reference = fullDosesGiven.stream().filter(f -> f.perM2().compareTo(fullPerM2) == 0)
                            .map(FullDose::mg).max(BigDecimal::compareTo);
                    if (reference.isEmpty()) {
                        unjudged.add(placed);
                    } else if (mg.compareTo(reference.get().multiply(INTENDED_REDUCTION)) <= 0) {
                        reduction = Optional.of(new LevelChange.Reduction(mg, reference.get(), LevelChange.Basis.EARLIER_DOSES, Optional.empty()));
                    }
                }
                if (reduction.isPresent()) {
                    floor = 1;
                    cycle.level = Math.max(cycle.level, 1);
                    changes.add(LevelChange.reducedDose(dose.date(), new CycleDay(placed.cycle(), placed.day()), 1, reduction.get()));
                } else {
                    fullDosesGiven.add(new FullDose(fullPerM2, mg));
                }
            }
        }
        return new RegimenTimeline(cycles.stream().map(CycleBuilder::build).toList(), changes, remissionSince, longHolds, floor,
                unjudged);
    }

    /** Where an order planned on {@code date} falls; {@code explicit} is the order's own cycle/day, if stated. */
    public OrderPlacement place(LocalDate date, Optional<CycleDay> explicit) {
        Optional<PlacedDose> last = allDoses().stream().filter(d -> !d.date().isAfter(date)).reduce((a, b) -> b);
        if (cycles.isEmpty()) {
            CycleDay position = explicit.orElse(new CycleDay(1, 1));
            return OrderPlacement.of(position, explicit.isPresent() ? OrderPlacement.Kind.EXPLICIT : OrderPlacement.Kind.FIRST_DOSE, date)
                    .laterSlotRemains(position.day() == 1).level(levelFloor).lastDose(last).build();
        }
        RegimenCycle current = cycles.get(cycles.size() - 1);
        boolean remission = remissionReached(date);
        LocalDate nextDay1 = current.day1().plusDays(current.lengthDays());
        if (explicit.isPresent()) {
            return explicitPlacement(explicit.get(), date, remission, last);
        }
        if (!date.isBefore(nextDay1)) {
            int delay = positiveDays(nextDay1OnTime(current, date), date);
            int level = DoseLevel.capped(Math.max(longHolds + (delay >= HOLD_RAISING_LEVEL_DAYS ? 1 : 0), levelFloor));
            return OrderPlacement.of(new CycleDay(current.number() + 1, 1), OrderPlacement.Kind.NEW_CYCLE, date).scheduled(nextDay1)
                    .delayDays(delay).skipping(openSlots(current)).laterSlotRemains(true).level(level).remissionReached(remission)
                    .lastDose(last).build();
        }
        List<Integer> open = openSlots(current);
        if (open.isEmpty() && current.doseLevel() >= 2 && date.isBefore(current.day1().plusDays(CYCLE1_DAYS))) {
            // level 2 gives days 1 and 8 only: an order in the cycle's dosing weeks is its day 15, a third dose where two are
            // allowed (SCHED-3), not an early next cycle
            LocalDate day15 = current.day1().plusDays(14);
            return OrderPlacement.of(new CycleDay(current.number(), 15), OrderPlacement.Kind.IN_CYCLE, date).scheduled(day15)
                    .delayDays(positiveDays(day15, date)).earlyDays(positiveDays(date, day15)).level(current.doseLevel())
                    .remissionReached(remission).dosesGivenInCycle(current.doses().size()).lastDose(last).build();
        }
        if (open.isEmpty()) {
            int level = DoseLevel.capped(Math.max(longHolds, levelFloor));
            return OrderPlacement.of(new CycleDay(current.number() + 1, 1), OrderPlacement.Kind.EARLY_NEXT_CYCLE, date)
                    .scheduled(nextDay1).earlyDays(positiveDays(date, nextDay1)).laterSlotRemains(true).level(level)
                    .remissionReached(remission).lastDose(last).build();
        }
        int chosen = open.get(0);
        for (int day : open) {
            if (!current.day1().plusDays(day - 1).isAfter(date)) {
                chosen = day;
            }
        }
        LocalDate scheduled = current.day1().plusDays(chosen - 1);
        final int slot = chosen;
        return OrderPlacement.of(new CycleDay(current.number(), chosen), OrderPlacement.Kind.IN_CYCLE, date).scheduled(scheduled)
                .delayDays(positiveDays(scheduled, date)).earlyDays(positiveDays(date, scheduled))
                .skipping(open.stream().filter(d -> d < slot).toList()).laterSlotRemains(open.stream().anyMatch(d -> d > slot))
                .level(current.doseLevel()).remissionReached(remission).dosesGivenInCycle(current.doses().size()).lastDose(last).build();
    }

    /**
     * The earliest date the next dose may be given (the label digest "Regimen"; catalogue STATUS-1): the next open slot of
     * the current cycle, else the next cycle's day 1 — never before today, nor less than 6 days after the last dose. A
     * day 8 or 15 that would by then be 7 days or more late with no later slot left is omitted (用量調節基準), and the
     * next dose is the next cycle's day 1.
     */
    public LocalDate nextDoseDate(LocalDate today) {
        RegimenCycle current = cycles.get(cycles.size() - 1);
        LocalDate lastGiven = allDoses().get(allDoses().size() - 1).date();
        LocalDate earliest = latest(today, lastGiven.plusDays(MIN_DAYS_BETWEEN_DOSES));
        List<Integer> open = openSlots(current);
        if (!open.isEmpty()) {
            LocalDate inCycle = latest(current.day1().plusDays(open.get(0) - 1), earliest);
            OrderPlacement p = place(inCycle, Optional.empty());
            boolean omitted = p.kind() == OrderPlacement.Kind.IN_CYCLE && p.delayDays() >= OMIT_AFTER_DELAY_DAYS && !p.laterSlotRemains();
            if (!omitted) {
                return inCycle;
            }
        }
        return latest(current.day1().plusDays(current.lengthDays()), earliest);
    }

    private static LocalDate latest(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private OrderPlacement explicitPlacement(CycleDay position, LocalDate date, boolean remission, Optional<PlacedDose> last) {
        RegimenCycle current = cycles.get(cycles.size() - 1);
        Optional<RegimenCycle> same = cycles.stream().filter(c -> c.number() == position.cycle()).findFirst();
        LocalDate scheduled;
        int level;
        int given;
        if (same.isPresent()) {
            scheduled = same.get().day1().plusDays(position.day() - 1);
            level = same.get().doseLevel();
            given = same.get().doses().size();
        } else if (position.cycle() == current.number() + 1 && position.day() == 1) {
            scheduled = current.day1().plusDays(current.lengthDays());
            int delay = positiveDays(nextDay1OnTime(current, date), date);
            level = DoseLevel.capped(Math.max(longHolds + (delay >= HOLD_RAISING_LEVEL_DAYS ? 1 : 0), levelFloor));
            given = 0;
        } else {
            scheduled = date;
            level = DoseLevel.capped(Math.max(longHolds, levelFloor));
            given = 0;
        }
        LocalDate onTime = position.day() == 1 && same.isEmpty() && position.cycle() == current.number() + 1
                ? nextDay1OnTime(current, date) : scheduled;
        return OrderPlacement.of(position, OrderPlacement.Kind.EXPLICIT, date).scheduled(scheduled).delayDays(positiveDays(onTime, date))
                .earlyDays(positiveDays(date, scheduled)).laterSlotRemains(position.day() < 15).level(level).remissionReached(remission)
                .dosesGivenInCycle(given).lastDose(last).build();
    }

    private LocalDate nextDay1OnTime(RegimenCycle cycle, LocalDate nextDay1) {
        return nextDay1OnTime(cycle.number(), cycle.day1(), cycle.lengthDays(), remissionSince, nextDay1);
    }

    /**
     * When the next day 1 is due. After cycle 1 it is D1 + 21, or D1 + 28 when CR/CRi was documented by the time the
     * next day 1 is given and no later than D1 + 28: the label lets cycle 1 run to 28 days in a responding patient and
     * sets no deadline for the response assessment (用法・用量に関連する使用上の注意 1; the label digest "Regimen").
     */
    private static LocalDate nextDay1OnTime(int number, LocalDate day1, int length, Optional<LocalDate> remissionSince,
            LocalDate nextDay1) {
        LocalDate extendedEnd = day1.plusDays(CYCLE1_EXTENDED_DAYS);
        LocalDate by = nextDay1.isBefore(extendedEnd) ? nextDay1 : extendedEnd;
        if (number == 1 && remissionSince.filter(r -> !r.isAfter(by)).isPresent()) {
            return extendedEnd;
        }
        return day1.plusDays(length);
    }

    /** Slots of the cycle after its last dose given (level 2: day 8 only). */
    private static List<Integer> openSlots(RegimenCycle cycle) {
        int lastDay = cycle.doses().stream().mapToInt(PlacedDose::day).max().orElse(1);
        return slots(cycle.doseLevel()).stream().filter(d -> d > lastDay).toList();
    }

    static List<Integer> slots(int level) {
        return level >= 2 ? List.of(8) : List.of(8, 15);
    }

    /** Doses per cycle at a level (3, or 2 at level 2). */
    public static int dosesPerCycle(int level) {
        return level >= 2 ? 2 : 3;
    }

    private static int positiveDays(LocalDate from, LocalDate to) {
        return (int) Math.max(0, ChronoUnit.DAYS.between(from, to));
    }

    public boolean remissionReached(LocalDate date) {
        return remissionSince.filter(r -> !r.isAfter(date)).isPresent();
    }

    public List<RegimenCycle> cycles() {
        return cycles;
    }

    public List<LevelChange> levelChanges() {
        return levelChanges;
    }

    /** Doses that could not be judged for an intended reduction: no BSA at all and no earlier dose to compare with. */
    public List<PlacedDose> unjudgedDoses() {
        return unjudgedDoses;
    }

    /**
     * The BSA for a past dose's date.
     *
     * @param nearestMeasurement the date of the measurement used when none lay inside the windows of that date
     */
    public record DoseBsa(BigDecimal squareMeters, Optional<LocalDate> nearestMeasurement) {}

    /** A dose given at full level, as a reference for later doses of the same mg/m² when no BSA is known. */
    private record FullDose(BigDecimal perM2, BigDecimal mg) {}

    public Optional<LocalDate> remissionSince() {
        return remissionSince;
    }

    public boolean isEmpty() {
        return cycles.isEmpty();
    }

    public List<PlacedDose> allDoses() {
        return cycles.stream().flatMap(c -> c.doses().stream()).toList();
    }

    /** The longest delay of any dose given (MOD-4 looks for holds over 28 days). */
    public int longestDelay() {
        return allDoses().stream().mapToInt(PlacedDose::delayDays).max().orElse(0);
    }

    /**
     * Runs of skipped slots followed by a gap of 14 days or more until the next dose: the data cannot tell
     * whether those were holds for toxicity (which would lower the level), so the card asks the clinician.
     */
    public List<SkippedSpan> possibleHiddenHolds() {
        List<SkippedSpan> spans = new ArrayList<>();
        List<PlacedDose> all = allDoses();
        for (RegimenCycle cycle : cycles) {
            if (cycle.skippedDays().isEmpty()) {
                continue;
            }
            LocalDate firstDue = cycle.day1().plusDays(cycle.skippedDays().get(0) - 1);
            Optional<PlacedDose> next = all.stream().filter(d -> d.date().isAfter(firstDue)).findFirst();
            if (next.isPresent() && ChronoUnit.DAYS.between(firstDue, next.get().date()) >= HOLD_RAISING_LEVEL_DAYS) {
                spans.add(new SkippedSpan(cycle.number(), cycle.skippedDays(), firstDue, next.get().date()));
            }
        }
        return spans;
    }

    /** Skipped slots of a cycle and the dose that ended the gap. */
    public record SkippedSpan(int cycle, List<Integer> days, LocalDate firstDue, LocalDate nextDose) {
        public int spanDays() {
            return (int) ChronoUnit.DAYS.between(firstDue, nextDose);
        }
    }

    private static final class CycleBuilder {
        final int number;
        final LocalDate day1;
        int level;
        final List<PlacedDose> doses = new ArrayList<>();
        final List<Integer> skipped = new ArrayList<>();

        CycleBuilder(int number, LocalDate day1, int level) {
            this.number = number;
            this.day1 = day1;
            this.level = level;
        }

        int length() {
            return number == 1 ? CYCLE1_DAYS : LATER_CYCLE_DAYS;
        }

        int lastDay() {
            return doses.stream().mapToInt(PlacedDose::day).max().orElse(1);
        }

        List<Integer> openSlots() {
            int last = lastDay();
            return slots(level).stream().filter(d -> d > last).toList();
        }

        Optional<Integer> slotFor(LocalDate date) {
            List<Integer> open = openSlots();
            if (open.isEmpty()) {
                return Optional.empty();
            }
            int chosen = open.get(0);
            for (int day : open) {
                if (!day1.plusDays(day - 1).isAfter(date)) {
                    chosen = day;
                }
            }
            return Optional.of(chosen);
        }

        void skipBefore(int day) {
            openSlots().stream().filter(d -> d < day).forEach(skipped::add);
        }

        void closeWith(List<Integer> stillOpen) {
            skipped.addAll(stillOpen);
        }

        RegimenCycle build() {
            return new RegimenCycle(number, day1, level, length(), doses, skipped);
        }
    }
}
