package org.inocds.regimen;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.inocds.record.CycleDay;
import org.inocds.record.InotuzumabDose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** the label digest "Regimen" worked by hand: cycles, slots, delays, skipped doses, levels, response. BSA 2.00 m² throughout. */
class RegimenTimelineTest {

    private static final LocalDate D1 = LocalDate.of(2025, 10, 1);

    private static RegimenTimeline timeline(Optional<LocalDate> remission, Object... dateAndMg) {
        List<InotuzumabDose> doses = new ArrayList<>();
        for (int i = 0; i < dateAndMg.length; i += 2) {
            LocalDate date = (LocalDate) dateAndMg[i];
            Optional<BigDecimal> mg = Optional.ofNullable((String) dateAndMg[i + 1]).map(BigDecimal::new);
            doses.add(new InotuzumabDose(date, mg, "MedicationAdministration/" + i));
        }
        return RegimenTimeline.build(doses, remission, d -> Optional.of(new RegimenTimeline.DoseBsa(new BigDecimal("2.00"), Optional.empty())));
    }

    private static RegimenTimeline timeline(Object... dateAndMg) {
        return timeline(Optional.empty(), dateAndMg);
    }

    private static LocalDate d(int plusDays) {
        return D1.plusDays(plusDays);
    }

    @Test
    void issueAcceptanceLateDaysInCycle2AndLateCycle3GiveLevel1() {
        // Hand computation:
        //  C1: D1 10-01, D8 10-08, D15 10-15 (on time).
        //  C2: D1 10-22 (C1D1 + 21). D8 due 10-29, given 11-03 (+5). D15 due 11-05, given 11-09 (6 days after D8, +4).
        //  C3: D1 due 11-19 (C2D1 + 28); ordered 12-05 → 16 days late: a hold of 14 days or more before a day 1
        //      lowers its own cycle → level 1: 0.8 × 0.75 = 0.6 mg/m² × 2.00 m² = 1.20 mg.
        var t = timeline(d(0), "1.60", d(7), "1.00", d(14), "1.00",
                d(21), "1.60", LocalDate.of(2025, 11, 3), "1.00", LocalDate.of(2025, 11, 9), "1.00");
        assertThat(t.cycles()).hasSize(2);
        var c2 = t.cycles().get(1);
        assertThat(c2.day1()).isEqualTo(LocalDate.of(2025, 10, 22));
        assertThat(c2.doses()).extracting(PlacedDose::day, PlacedDose::scheduled, PlacedDose::delayDays).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, LocalDate.of(2025, 10, 22), 0),
                org.assertj.core.groups.Tuple.tuple(8, LocalDate.of(2025, 10, 29), 5),
                org.assertj.core.groups.Tuple.tuple(15, LocalDate.of(2025, 11, 5), 4));
        assertThat(c2.doseLevel()).isZero();

        var order = t.place(LocalDate.of(2025, 12, 5), Optional.empty());
        assertThat(order.kind()).isEqualTo(OrderPlacement.Kind.NEW_CYCLE);
        assertThat(order.cycleDay()).isEqualTo(new CycleDay(3, 1));
        assertThat(order.scheduled()).isEqualTo(LocalDate.of(2025, 11, 19));
        assertThat(order.delayDays()).isEqualTo(16);
        assertThat(order.doseLevel()).isEqualTo(1);
        var expected = ExpectedDose.of(DoseSchedule.fullMgPerM2(3, 1, order.remissionReached()), order.doseLevel(), new BigDecimal("2.00"));
        assertThat(expected.mg()).isEqualByComparingTo("1.20");
    }

    @Test
    void cycle1Day8GivenOnDay15IsPlacedAsDay15WithDay8Skipped() {
        var t = timeline(d(0), "1.60", d(14), "1.00");
        var cycle = t.cycles().get(0);
        assertThat(cycle.doses()).extracting(PlacedDose::day).containsExactly(1, 15);
        assertThat(cycle.doses().get(1).delayDays()).isZero();
        assertThat(cycle.skippedDays()).containsExactly(8);
    }

    @ParameterizedTest(name = "C1D1 given; order at D1+{0} → day {1}, {2} days late, skipped {3}, later slot {4}")
    @CsvSource({
        "5, 8, 0, '', true",     // early: takes the next slot (SCHED-1 judges the interval)
        "7, 8, 0, '', true",
        "10, 8, 3, '', true",    // the rule catalogue example: day 8, 3 days late
        "14, 15, 0, 8, false",
        "15, 15, 1, 8, false",   // the rule catalogue example: day 15, day 8 skipped, 1 day late
        "20, 15, 6, 8, false"
    })
    void placementInCycle1(int plus, int day, int late, String skipped, boolean laterSlot) {
        var p = timeline(d(0), "1.60").place(d(plus), Optional.empty());
        assertThat(p.kind()).isEqualTo(OrderPlacement.Kind.IN_CYCLE);
        assertThat(p.day()).isEqualTo(day);
        assertThat(p.delayDays()).isEqualTo(late);
        assertThat(p.skippedDays()).containsExactlyElementsOf(skipped.isEmpty() ? List.of() : List.of(Integer.parseInt(skipped)));
        assertThat(p.laterSlotRemains()).isEqualTo(laterSlot);
    }

    @Test
    void rulesExampleCycle2Day15EightDaysLateHasNoLaterSlot() {
        // cycle 2 with D1 and D8 given, order at D1 + 22 → day 15, 8 days late (SCHED-2: omit; next is C3D1 at D1 + 28)
        var t = timeline(d(0), "1.60", d(7), "1.00", d(14), "1.00", d(21), "1.60", d(28), "1.00");
        var p = t.place(d(21 + 22), Optional.empty());
        assertThat(p.cycleDay()).isEqualTo(new CycleDay(2, 15));
        assertThat(p.delayDays()).isEqualTo(8);
        assertThat(p.laterSlotRemains()).isFalse();
    }

    @Test
    void dayOneBeforeTheCycleHasRunItsLengthIsEarly() {
        var t = timeline(d(0), "1.60", d(7), "1.00", d(14), "1.00");
        var early = t.place(d(20), Optional.empty());
        assertThat(early.kind()).isEqualTo(OrderPlacement.Kind.EARLY_NEXT_CYCLE);
        assertThat(early.cycleDay()).isEqualTo(new CycleDay(2, 1));
        assertThat(early.earlyDays()).isEqualTo(1);
        var onTime = t.place(d(21), Optional.empty());
        assertThat(onTime.kind()).isEqualTo(OrderPlacement.Kind.NEW_CYCLE);
        assertThat(onTime.delayDays()).isZero();
    }

    @ParameterizedTest(name = "C2D1 at C1D1+{0}, CR/CRi on D1+{1} → {2} days late")
    @CsvSource({
        "28, -1, 7",   // no CR/CRi: due at D1+21
        "28, 18, 0",   // CR/CRi before D1+21: cycle 1 may run to 28 days
        "30, 18, 2",
        "28, 21, 0",   // the label digest "Regimen" as corrected: documented any time up to C2D1 (≤ D1+28) extends cycle 1
        "28, 27, 0",
        "27, 28, 6",   // documented after this C2D1: cycle 1 was not extended
        "31, 29, 10",  // documented after D1+28: not extended either
        "31, 28, 3"
    })
    void cycle1MayRunTo28DaysOnceRemissionIsDocumented(int plus, int crDay, int late) {
        Optional<LocalDate> cr = crDay < 0 ? Optional.empty() : Optional.of(d(crDay));
        var t = timeline(cr, d(0), "1.60", d(7), "1.00", d(14), "1.00");
        assertThat(t.place(d(plus), Optional.empty()).delayDays()).isEqualTo(late);
    }

    @ParameterizedTest(name = "C2D1 {0} days late → level {1}")
    @CsvSource({"13, 0", "14, 1"})
    void holdOfFourteenDaysRaisesTheLevel(int late, int level) {
        var t = timeline(d(0), "1.60", d(7), "1.00", d(14), "1.00");
        assertThat(t.place(d(21 + late), Optional.empty()).doseLevel()).isEqualTo(level);
    }

    @Test
    void secondAndThirdLongHoldsGiveLevels2And3AndLevel2HasDays1And8Only() {
        // C2D1 due D1+21, given D1+35 (+14) → level 1. C3D1 due D1+63, given D1+77 (+14) → level 2.
        var t = timeline(d(0), "1.60", d(7), "1.00", d(14), "1.00",
                d(35), "1.20", d(42), "0.75", d(49), "0.75", d(77), "1.20", d(84), "0.75");
        assertThat(t.cycles()).extracting(RegimenCycle::doseLevel).containsExactly(0, 1, 2);
        assertThat(t.levelChanges()).extracting(LevelChange::newLevel).containsExactly(1, 2);
        // at level 2 no day 15: an order in cycle 3's dosing weeks is a third dose where two are allowed (SCHED-3) ...
        assertThat(t.place(d(91), Optional.empty())).satisfies(p -> {
            assertThat(p.kind()).isEqualTo(OrderPlacement.Kind.IN_CYCLE);
            assertThat(p.day()).isEqualTo(15);
            assertThat(p.dosesGivenInCycle()).isEqualTo(2);
        });
        // ... and one from D1 + 21 on, before the cycle's 28 days have run, an early day 1 (SCHED-4)
        assertThat(t.place(d(98), Optional.empty()).kind()).isEqualTo(OrderPlacement.Kind.EARLY_NEXT_CYCLE);
        // C4D1 due D1+105; 14 days late → level 3 (discontinue)
        assertThat(t.place(d(119), Optional.empty()).doseLevel()).isEqualTo(3);
        assertThat(t.place(d(118), Optional.empty()).doseLevel()).isEqualTo(2);
    }

    @ParameterizedTest(name = "C1D8 given at {0} mg (full 1.00 mg) → level afterwards {1}")
    @CsvSource({"0.80, 1", "0.81, 0", "1.00, 0"})
    void doseAtEightyPercentOrLessIsAnIntendedReduction(String mg, int level) {
        var t = timeline(d(0), "1.60", d(7), mg);
        assertThat(t.place(d(14), Optional.empty()).doseLevel()).isEqualTo(level);
        assertThat(t.place(d(21), Optional.empty()).doseLevel()).isEqualTo(level);
    }

    @Test
    void skippedDosesThatCouldHideALongHoldAreFlagged() {
        // C1: only D1 given; C2D1 on D1+21 → D8 (due D1+7) to D1+21 is 14 days: may have been a hold
        var t = timeline(d(0), "1.60", d(21), "1.60");
        assertThat(t.cycles().get(0).skippedDays()).containsExactly(8, 15);
        assertThat(t.possibleHiddenHolds()).singleElement().satisfies(s -> {
            assertThat(s.cycle()).isEqualTo(1);
            assertThat(s.spanDays()).isEqualTo(14);
        });
        // only D15 skipped, next on D1+21: 7 days, nothing to confirm
        assertThat(timeline(d(0), "1.60", d(7), "1.00", d(21), "1.60").possibleHiddenHolds()).isEmpty();
    }

    @Test
    void explicitPositionOverridesTheInference() {
        var t = timeline(d(0), "1.60", d(7), "1.00");
        var p = t.place(d(10), Optional.of(new CycleDay(1, 15)));
        assertThat(p.kind()).isEqualTo(OrderPlacement.Kind.EXPLICIT);
        assertThat(p.cycleDay()).isEqualTo(new CycleDay(1, 15));
        assertThat(p.scheduled()).isEqualTo(d(14));
        assertThat(p.earlyDays()).isEqualTo(4);
        assertThat(p.dosesGivenInCycle()).isEqualTo(2);
    }

    @Test
    void firstDoseAndLastDose() {
        var none = timeline();
        var first = none.place(D1, Optional.empty());
        assertThat(first.kind()).isEqualTo(OrderPlacement.Kind.FIRST_DOSE);
        assertThat(first.cycleDay()).isEqualTo(new CycleDay(1, 1));
        assertThat(first.lastDose()).isEmpty();
        var t = timeline(d(0), "1.60", d(7), "1.00");
        assertThat(t.place(d(12), Optional.empty()).lastDose().orElseThrow().date()).isEqualTo(d(7));
    }

    /** Clinical review finding 4: a stopped infusion given in part counts as given but never as an intended reduction. */
    @Test
    void aPartialDoseCountsButIsNoIntendedReduction() {
        var doses = List.of(new InotuzumabDose(d(0), Optional.of(new BigDecimal("1.60")), "MA/1"),
                new InotuzumabDose(d(7), Optional.of(new BigDecimal("0.40")), "MA/2", true));
        var t = RegimenTimeline.build(doses, Optional.empty(), x -> Optional.of(new RegimenTimeline.DoseBsa(new BigDecimal("2.00"), Optional.empty())));
        assertThat(t.allDoses()).hasSize(2).last().satisfies(p -> {
            assertThat(p.day()).isEqualTo(8);
            assertThat(p.partial()).isTrue();
        });
        assertThat(t.levelChanges()).isEmpty();
        assertThat(t.place(d(21), Optional.empty()).doseLevel()).isZero();
        // the same 0.40 mg given as a whole infusion is an intended reduction
        var whole = RegimenTimeline.build(List.of(doses.get(0), new InotuzumabDose(d(7), Optional.of(new BigDecimal("0.40")), "MA/2")),
                Optional.empty(), x -> Optional.of(new RegimenTimeline.DoseBsa(new BigDecimal("2.00"), Optional.empty())));
        assertThat(whole.place(d(21), Optional.empty()).doseLevel()).isEqualTo(1);
    }

    /** Clinical review finding 5: a reduction is judged with the nearest measurement, or the course's earlier doses. */
    @Test
    void anIntendedReductionIsJudgedWithTheNearestMeasurementAndSaysSo() {
        var doses = List.of(new InotuzumabDose(d(0), Optional.of(new BigDecimal("1.20")), "MA/1"));
        var t = RegimenTimeline.build(doses, Optional.empty(), x -> Optional.of(new RegimenTimeline.DoseBsa(new BigDecimal("2.00"), Optional.of(d(60)))));
        assertThat(t.levelChanges()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(LevelChange.Kind.REDUCED_DOSE);
            assertThat(c.reduction()).hasValueSatisfying(r -> {
                assertThat(r.basis()).isEqualTo(LevelChange.Basis.NEAREST_MEASUREMENT);
                assertThat(r.measuredOn()).contains(d(60));
                assertThat(r.referenceMg()).isEqualByComparingTo("1.60");
            });
        });
    }

    @Test
    void withNoBsaAtAllTheCoursesEarlierDosesAreTheReferenceAndTheFirstIsNamedUnjudged() {
        var doses = List.of(new InotuzumabDose(d(0), Optional.of(new BigDecimal("1.60")), "MA/1"),
                new InotuzumabDose(d(7), Optional.of(new BigDecimal("1.00")), "MA/2"),
                new InotuzumabDose(d(14), Optional.of(new BigDecimal("1.00")), "MA/3"),
                new InotuzumabDose(d(21), Optional.of(new BigDecimal("1.20")), "MA/4"));
        var t = RegimenTimeline.build(doses, Optional.empty(), x -> Optional.empty());
        assertThat(t.unjudgedDoses()).extracting(PlacedDose::day).containsExactly(1, 8);
        assertThat(t.levelChanges()).singleElement().satisfies(c -> {
            assertThat(c.cycle()).isEqualTo(2);
            assertThat(c.reduction()).hasValueSatisfying(r -> {
                assertThat(r.basis()).isEqualTo(LevelChange.Basis.EARLIER_DOSES);
                assertThat(r.referenceMg()).isEqualByComparingTo("1.60");
            });
        });
    }
}
