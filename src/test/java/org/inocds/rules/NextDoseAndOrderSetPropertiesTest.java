package org.inocds.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.inocds.record.Analyte;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.DraftOrder;
import org.inocds.record.PatientRecord;
import org.inocds.support.Orders;
import org.inocds.support.Patients;
import org.inocds.support.Settings;
import org.junit.jupiter.api.Test;
import org.inocds.rules.family.StandardRuleBook;

/**
 * Two differential properties over generated courses (a seeded generator: every run is the same; a failure prints its
 * case), the label digest "Regimen" and catalogue STATUS-1:
 *
 * <ol>
 *   <li>Whenever patient-view names a next dose (its date and mg), order-sign of exactly that draft on that date gives no
 *       warning or critical card of a hold, stop, limit, schedule, eligibility or contraindication topic.</li>
 *   <li>Signing a set of inotuzumab drafts in one call (6 days or more apart) gives the cards that signing them one
 *       after the other gives, each given before the next is signed.</li>
 * </ol>
 *
 * The courses have late, early and skipped doses, reduced and partial doses, infusions resumed the same day (two records),
 * counts, bilirubin, responses before or inside a cycle, HSCT plans, drug allergies, pregnancy, VOD/SOS that arose on
 * treatment and resolved, toxicity, patients under 18. Site-local days are the readers' part (reader/SiteDaysTest).
 */
class NextDoseAndOrderSetPropertiesTest {

    private static final long SEED = 20261207L;
    private static final int CASES = 2_000;
    private static final LocalDate START = LocalDate.of(2025, 6, 2);
    private static final String[] MG = {"0.69", "0.92", "1.00", "1.10", "1.22", "1.37", "1.46", "1.60"};
    private static final int[] GAPS = {7, 7, 7, 7, 8, 9, 10, 11, 14, 14, 21, 21, 22, 28, 28, 29, 35, 42, 6};
    private static final Set<Topic> REFUSING = EnumSet.of(Topic.HOLD_HEMATOLOGIC, Topic.HOLD_HEPATIC, Topic.HOLD_TOXICITY,
            Topic.DISCONTINUE, Topic.CYCLE_LIMIT, Topic.DOSE_MODIFICATION, Topic.SCHEDULE, Topic.ELIGIBILITY, Topic.CONTRAINDICATION);

    private record Course(String description, Patients patient, LocalDate lastDose, LocalDate today) {}

    private static Course generate(Random r) {
        var p = Patients.patient().height("170", START.minusDays(10)).born(LocalDate.of(1970, 1, 1)).eligibleAll();
        StringBuilder description = new StringBuilder();
        LocalDate date = START;
        int doses = 1 + r.nextInt(14);
        for (int i = 0; i < doses; i++) {
            String mg = MG[r.nextInt(MG.length)];
            boolean partial = r.nextInt(15) == 0;
            p.weight("70", date);
            boolean split = !partial && r.nextInt(10) == 0;
            if (partial) {
                p.partialDose(date, mg);
            } else if (split) {
                // an infusion interrupted and resumed the same day: two records, one dose (their sum)
                BigDecimal first = new BigDecimal(mg).multiply(new BigDecimal("0.4")).setScale(2, java.math.RoundingMode.HALF_UP);
                p.partialDose(date, first.toPlainString());
                p.dose(date, new BigDecimal(mg).subtract(first).toPlainString());
            } else {
                p.dose(date, mg);
            }
            description.append(date).append(' ').append(mg).append(partial ? "p" : split ? " (two records)" : "").append("; ");
            if (i < doses - 1) {
                date = date.plusDays(GAPS[r.nextInt(GAPS.length)]);
            }
        }
        LocalDate today = date.plusDays(r.nextInt(40));
        p.weight("70", today.minusDays(1));
        if (r.nextInt(3) != 0) {
            p.lab(Analyte.ANC, String.valueOf(600 + r.nextInt(2400)), today.minusDays(1));
            p.lab(Analyte.PLATELETS, String.valueOf(30_000 + r.nextInt(170_000)), today.minusDays(1));
            p.lab(Analyte.ANC, "1500", START.minusDays(1));
            p.lab(Analyte.PLATELETS, "80000", START.minusDays(1));
        }
        if (r.nextInt(4) == 0) {
            p.lab(Analyte.BILIRUBIN_TOTAL, new BigDecimal(r.nextInt(30)).divide(BigDecimal.TEN).toPlainString(), today.minusDays(1));
        }
        if (r.nextInt(4) == 0) {
            LocalDate cr = START.plusDays(10 + r.nextInt(60));
            p.remissionByMarrow("2", cr);
            description.append("CR ").append(cr).append("; ");
        }
        if (r.nextInt(6) == 0) {
            p.fact(ClinicalConcept.HSCT, ClinicalFact.Status.PLANNED, START.plusDays(20));
            description.append("HSCT planned; ");
        }
        switch (r.nextInt(14)) {
            case 0 -> {
                p.allergy(r.nextBoolean());
                description.append("allergy; ");
            }
            case 1 -> {
                p.fact(ClinicalConcept.PREGNANCY, ClinicalFact.Status.ACTIVE, today.minusDays(3));
                description.append("pregnant; ");
            }
            case 2 -> {
                p.fact(ClinicalConcept.VOD_SOS, ClinicalFact.Status.RESOLVED, START.plusDays(1 + r.nextInt(20)));
                description.append("VOD/SOS on treatment, resolved; ");
            }
            case 3 -> {
                p.adverseEvent("nausea", 2 + r.nextInt(2), true, today.minusDays(2), false, false);
                description.append("grade 2+ nausea; ");
            }
            case 4 -> {
                p.born(LocalDate.of(2010, 1, 1));
                description.append("aged 15; ");
            }
            default -> { }
        }
        return new Course(description.toString(), p, date, today);
    }

    private static List<Course> courses() {
        Random r = new Random(SEED);
        List<Course> all = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            all.add(generate(r));
        }
        return all;
    }

    private final PatientReview review = new PatientReview(StandardRuleBook.create(), Settings.defaults());

    private static boolean refuses(Finding f) {
        return f.indicator() != Indicator.INFO && (REFUSING.contains(f.topic()) || f.rules().contains("VOD-4"));
    }

    @Test
    void patientViewNamesOnlyANextDoseThatOrderSignOfThatDraftAccepts() {
        int announced = 0;
        int blocked = 0;
        for (Course c : courses()) {
            PatientRecord record = c.patient().build();
            var chart = review.review(Hook.PATIENT_VIEW, record, List.of(), c.today());
            var status = chart.stream().filter(f -> f.primaryRule().equals("STATUS-1")).findFirst().orElseThrow();
            LocalDate nextDate = status.dose().orElseThrow().plannedDate();
            assertThat(nextDate).as(c.description() + ": the next dose's date").isAfterOrEqualTo(c.today())
                    .isAfterOrEqualTo(c.lastDose().plusDays(6));
            var next = status.dose().flatMap(d -> d.expected().map(e -> new Object[] {d.plannedDate(), e.mg()}));
            if (status.messageKey().equals("status-1.status") && next.isPresent()) {
                announced++;
                LocalDate date = (LocalDate) next.get()[0];
                BigDecimal mg = (BigDecimal) next.get()[1];
                assertThat(date).as(c.description()).isAfterOrEqualTo(c.today()).isAfterOrEqualTo(c.lastDose().plusDays(6));
                var sign = review.review(Hook.ORDER_SIGN, record, List.of(Orders.inotuzumab(mg.toPlainString(), date).build()), c.today());
                assertThat(sign).as(c.description() + " → patient-view announced " + mg + " mg on " + date).noneMatch(
                        NextDoseAndOrderSetPropertiesTest::refuses);
            } else {
                blocked++;
                assertThat(status.params()).as(c.description()).doesNotContainKey("nextMg");
                assertThat(chart).as(c.description() + ": blocked, and what blocks is shown").anyMatch(
                        f -> !f.primaryRule().equals("STATUS-1") && f.indicator() != Indicator.INFO);
            }
        }
        assertThat(announced).as("courses with a next dose announced").isGreaterThan(CASES / 10);
        assertThat(blocked).as("courses with the next dose blocked").isGreaterThan(CASES / 10);
    }

    /** A card reduced to what an EHR shows of it: rule, urgency, message and the date of the dose it is about. */
    private record Shown(List<String> rules, Indicator indicator, String messageKey, Optional<LocalDate> date) {
        static Shown of(Finding f) {
            return new Shown(f.rules(), f.indicator(), f.messageKey(), f.dose().map(DoseEvidence::plannedDate));
        }
    }

    @Test
    void anOrderSetSignedTogetherSaysWhatSigningItsDraftsOneAfterTheOtherSays() {
        Random r = new Random(SEED + 1);
        int sets = 0;
        for (Course c : courses()) {
            int n = 2 + r.nextInt(2);
            List<DraftOrder> drafts = new ArrayList<>();
            LocalDate date = c.lastDose().plusDays(6 + r.nextInt(25));
            StringBuilder description = new StringBuilder(c.description()).append("→ set");
            for (int i = 0; i < n; i++) {
                String mg = MG[r.nextInt(MG.length)];
                drafts.add(Orders.inotuzumab(mg, date).reference("MedicationRequest/set-" + i).build());
                description.append(' ').append(date).append(' ').append(mg);
                date = date.plusDays(6 + r.nextInt(20));
            }
            PatientRecord record = c.patient().build();
            LocalDate today = c.lastDose().plusDays(1);
            Set<Shown> together = new LinkedHashSet<>();
            review.review(Hook.ORDER_SIGN, record, drafts, today).forEach(f -> together.add(Shown.of(f)));
            Set<Shown> oneByOne = new LinkedHashSet<>();
            PatientRecord given = record;
            for (DraftOrder d : drafts) {
                review.review(Hook.ORDER_SIGN, given, List.of(d), today).forEach(f -> oneByOne.add(Shown.of(f)));
                given = given.withDoseGiven(new org.inocds.record.InotuzumabDose(d.plannedDate(), d.doseMg(), d.reference()));
            }
            assertThat(together).as(description.toString()).containsExactlyInAnyOrderElementsOf(oneByOne);
            sets++;
        }
        assertThat(sets).isEqualTo(CASES);
    }
}
