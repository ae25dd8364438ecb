package org.inocds.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.inocds.record.Analyte;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.PatientRecord;
import org.inocds.regimen.PlacedDose;
import org.inocds.regimen.RegimenCycle;
import org.inocds.support.Orders;
import org.inocds.support.Patients;
import org.junit.jupiter.api.Test;
import org.inocds.rules.family.StandardRuleBook;

/**
 * Clinical review: invariants over 3,000 generated courses (a seeded generator: every run is the same, a failure
 * prints its case). Random gaps between doses (late, early, skipped), random doses (reduced, full, over),
 * partial infusions, counts, bilirubin, responses and HSCT plans.
 */
class RegimenInvariantsTest {

    private static final long SEED = 20261202L;
    private static final int CASES = 3_000;
    private static final LocalDate START = LocalDate.of(2025, 6, 2);
    private static final BigDecimal BSA = new BigDecimal("1.83"); // 170 cm, 70 kg, Mosteller
    private static final String[] MG = {"0.50", "0.69", "0.75", "0.92", "1.00", "1.10", "1.22", "1.37", "1.46", "1.60", "2.00"};
    private static final int[] GAPS = {7, 7, 7, 7, 8, 9, 10, 14, 14, 21, 21, 22, 28, 28, 29, 35, 42, 3, 5, 6, 1};

    private record Case(String description, PatientRecord record, LocalDate lastDose, LocalDate planned, String orderedMg) {}

    private static Case generate(Random r) {
        var p = Patients.patient().height("170", START.minusDays(10)).eligibleAll();
        StringBuilder description = new StringBuilder();
        LocalDate date = START;
        int doses = 1 + r.nextInt(16);
        for (int i = 0; i < doses; i++) {
            String mg = MG[r.nextInt(MG.length)];
            boolean partial = r.nextInt(12) == 0;
            p.weight("70", date);
            if (partial) {
                p.partialDose(date, mg);
            } else {
                p.dose(date, mg);
            }
            description.append(date).append(' ').append(mg).append(partial ? "p" : "").append("; ");
            if (r.nextInt(3) == 0) {
                p.lab(Analyte.ANC, String.valueOf(400 + r.nextInt(2600)), date.minusDays(1));
                p.lab(Analyte.PLATELETS, String.valueOf(20_000 + r.nextInt(180_000)), date.minusDays(1));
            }
            if (i < doses - 1) {
                date = date.plusDays(GAPS[r.nextInt(GAPS.length)]);
            }
        }
        LocalDate planned = date.plusDays(r.nextInt(46));
        p.weight("70", planned.minusDays(1));
        if (r.nextBoolean()) {
            p.lab(Analyte.ANC, String.valueOf(400 + r.nextInt(2600)), planned.minusDays(1));
            p.lab(Analyte.PLATELETS, String.valueOf(20_000 + r.nextInt(180_000)), planned.minusDays(1));
        }
        if (r.nextInt(4) == 0) {
            p.lab(Analyte.BILIRUBIN_TOTAL, new BigDecimal(r.nextInt(40)).divide(BigDecimal.TEN).toPlainString(), planned.minusDays(1));
        }
        if (r.nextInt(4) == 0) {
            p.remissionByMarrow("2", START.plusDays(10 + r.nextInt(30)));
        }
        if (r.nextInt(5) == 0) {
            p.fact(ClinicalConcept.HSCT, ClinicalFact.Status.PLANNED, START.plusDays(20));
        }
        if (r.nextInt(15) == 0) {
            p.fact(ClinicalConcept.VOD_SOS, ClinicalFact.Status.ACTIVE, planned.minusDays(2));
        }
        String ordered = MG[r.nextInt(MG.length)];
        description.append("→ order ").append(ordered).append(" on ").append(planned);
        return new Case(description.toString(), p.build(), date, planned, ordered);
    }

    private static List<Case> cases() {
        Random r = new Random(SEED);
        List<Case> all = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            all.add(generate(r));
        }
        return all;
    }

    private final PatientReview review = new PatientReview(StandardRuleBook.create(), org.inocds.support.Settings.defaults());

    @Test
    void theDoseLevelNeverDecreases() {
        for (Case c : cases()) {
            var timeline = PatientReview.timeline(c.record(), org.inocds.support.Settings.defaults());
            int level = 0;
            for (RegimenCycle cycle : timeline.cycles()) {
                assertThat(cycle.doseLevel()).as(c.description()).isGreaterThanOrEqualTo(level);
                level = cycle.doseLevel();
            }
            assertThat(timeline.place(c.planned(), java.util.Optional.empty()).doseLevel()).as(c.description()).isGreaterThanOrEqualTo(level);
        }
    }

    @Test
    void noPatientViewStatesANextDoseBesideAHoldStopOrLimit() {
        int blocked = 0;
        for (Case c : cases()) {
            var findings = review.review(Hook.PATIENT_VIEW, c.record(), List.of(), c.planned());
            if (findings.stream().anyMatch(PatientReview::standsInTheWay)) {
                blocked++;
                assertThat(findings).as(c.description()).noneMatch(f -> f.messageKey().equals("status-1.status"));
                assertThat(findings).as(c.description()).filteredOn(f -> f.primaryRule().equals("STATUS-1"))
                        .allSatisfy(f -> assertThat(f.params()).doesNotContainKey("nextMg"));
            }
        }
        assertThat(blocked).as("cases with a hold, stop or limit").isGreaterThan(CASES / 10);
    }

    @Test
    void anOrderLessThanSixDaysAfterTheLastDoseAlwaysGetsAScheduleCard() {
        int tooSoon = 0;
        for (Case c : cases()) {
            long days = ChronoUnit.DAYS.between(c.lastDose(), c.planned());
            var findings = review.review(Hook.ORDER_SIGN, c.record(), List.of(Orders.inotuzumab(c.orderedMg(), c.planned()).build()), c.planned());
            if (days < 6) {
                tooSoon++;
                assertThat(findings).as(c.description()).anyMatch(f -> f.rules().contains("SCHED-1") && f.indicator() == Indicator.CRITICAL);
            }
        }
        assertThat(tooSoon).as("cases under 6 days").isGreaterThan(CASES / 20);
    }

    @Test
    void aCycleTotalOverTheCapAlwaysGetsADoseCard() {
        int over = 0;
        for (Case c : cases()) {
            var findings = review.review(Hook.ORDER_SIGN, c.record(), List.of(Orders.inotuzumab(c.orderedMg(), c.planned()).build()), c.planned());
            var timeline = PatientReview.timeline(c.record(), org.inocds.support.Settings.defaults());
            var placement = timeline.place(c.planned(), java.util.Optional.empty());
            BigDecimal given = timeline.cycles().stream().filter(cy -> cy.number() == placement.cycle())
                    .flatMap(cy -> cy.doses().stream()).map(PlacedDose::mg).flatMap(java.util.Optional::stream)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            // the cycle's own day 1 sets its cap: 1.5 mg/m² only when that day 1 (cycle 2 on) came after CR/CRi
            LocalDate day1 = placement.day() == 1 ? c.planned() : timeline.cycles().stream().filter(cy -> cy.number() == placement.cycle())
                    .findFirst().orElseThrow().day1();
            BigDecimal perM2 = placement.cycle() >= 2 && timeline.remissionReached(day1) ? new BigDecimal("1.5") : new BigDecimal("1.8");
            BigDecimal factor = placement.doseLevel() == 0 ? BigDecimal.ONE : new BigDecimal("0.75");
            BigDecimal cap = perM2.multiply(factor).multiply(BSA).setScale(2, RoundingMode.HALF_UP).multiply(new BigDecimal("1.02"));
            if (given.add(new BigDecimal(c.orderedMg())).compareTo(cap) > 0) {
                over++;
                assertThat(findings).as(c.description() + " given " + given + " cap " + cap)
                        .anyMatch(f -> f.rules().contains("DOSE-3") || f.topic() == Topic.DISCONTINUE);
            }
        }
        assertThat(over).as("cases over the cycle cap").isGreaterThan(CASES / 50);
    }
}
