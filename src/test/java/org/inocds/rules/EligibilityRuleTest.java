package org.inocds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.Patients.patient;
import static org.inocds.support.RuleRuns.run;

import java.time.LocalDate;
import java.util.List;
import org.inocds.record.ChartText;
import org.inocds.record.Analyte;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.DrugClass;
import org.inocds.record.OtherMedication;
import org.inocds.support.Orders;
import org.inocds.support.Patients;
import org.inocds.support.RuleRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.inocds.rules.family.EligibilityRule;

/** ELIG-1…6, ELIG-8, ELIG-9. */
class EligibilityRuleTest {

    private static final LocalDate DAY = LocalDate.of(2026, 1, 10);
    private final EligibilityRule rule = new EligibilityRule();

    private static Patients eligible() {
        return patient().height("178", DAY.minusDays(10)).weight("81", DAY).eligibleAll();
    }

    private List<String> rules(Patients p) {
        return run(rule, p.build(), Orders.inotuzumab("1.60", DAY).build()).stream().map(Finding::primaryRule).toList();
    }

    @Test
    void anEligiblePatientGetsNothing() {
        assertThat(rules(eligible())).isEmpty();
    }

    @Test
    void hypersensitivityIsAContraindication() {
        var findings = run(rule, eligible().allergy(false).build(), Orders.inotuzumab("1.60", DAY).build());
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rules()).containsExactly("ELIG-1");
            assertThat(f.indicator()).isEqualTo(Indicator.CRITICAL);
            assertThat(f.topic()).isEqualTo(Topic.CONTRAINDICATION);
            assertThat(f.change()).containsInstanceOf(OrderChange.CancelOrder.class);
        });
    }

    @Test
    void cycleOneNeedsAllAndCd22() {
        var noDiagnosis = patient().height("178", DAY.minusDays(10)).weight("81", DAY);
        assertThat(rules(noDiagnosis)).containsExactly("ELIG-2", "ELIG-3");
        var negative = patient().height("178", DAY.minusDays(10)).weight("81", DAY)
                .fact(ClinicalConcept.ALL, ClinicalFact.Status.ACTIVE, DAY.minusYears(1))
                .fact(ClinicalConcept.CD22, ClinicalFact.Status.NEGATIVE, DAY.minusDays(5));
        var findings = run(rule, negative.build(), Orders.inotuzumab("1.60", DAY).build());
        assertThat(findings).singleElement().satisfies(f -> assertThat(f.messageKey()).isEqualTo("elig-3.cd22-negative"));
        // from cycle 2 on these are not asked again
        var cycle2 = patient().height("178", DAY.minusDays(30)).weight("81", DAY).dose(DAY.minusDays(21), "1.60");
        assertThat(run(rule, cycle2.build(), Orders.inotuzumab("1.60", DAY).build())).isEmpty();
    }

    @ParameterizedTest(name = "peripheral blasts {0}/µL → ELIG-4: {1}")
    @CsvSource({"10000, false", "10001, true"})
    void highBlastsBeforeTheFirstDose(String blasts, boolean warns) {
        var p = eligible().lab(Analyte.PERIPHERAL_BLASTS, blasts, DAY.minusDays(1));
        assertThat(rules(p)).containsExactlyElementsOf(warns ? List.of("ELIG-4") : List.of());
    }

    @Test
    void blastsOutsideTheLabWindowAreNotUsed() {
        assertThat(rules(eligible().lab(Analyte.PERIPHERAL_BLASTS, "25000", DAY.minusDays(8)))).isEmpty();
        assertThat(rules(eligible().lab(Analyte.PERIPHERAL_BLASTS, "25000", DAY.minusDays(7)))).containsExactly("ELIG-4");
    }

    @ParameterizedTest(name = "born {0} → ELIG-5: {1}")
    @CsvSource({"2008-01-11, true", "2008-01-10, false"})
    void underEighteenOnThePlannedDate(String birth, boolean pediatric) {
        assertThat(rules(eligible().born(LocalDate.parse(birth)))).containsExactlyElementsOf(pediatric ? List.of("ELIG-5") : List.of());
    }

    @Test
    void pregnancyIsCriticalAndLactationAWarning() {
        var pregnant = run(rule, eligible().fact(ClinicalConcept.PREGNANCY, ClinicalFact.Status.POSITIVE, DAY.minusDays(3)).build(),
                Orders.inotuzumab("1.60", DAY).build());
        assertThat(pregnant).singleElement().satisfies(f -> {
            assertThat(f.rules()).containsExactly("ELIG-6");
            assertThat(f.indicator()).isEqualTo(Indicator.CRITICAL);
        });
        // a positive test followed by a negative one, or older than 30 days, does not count
        assertThat(rules(eligible().fact(ClinicalConcept.PREGNANCY, ClinicalFact.Status.POSITIVE, DAY.minusDays(10))
                .fact(ClinicalConcept.PREGNANCY, ClinicalFact.Status.NEGATIVE, DAY.minusDays(2)))).isEmpty();
        assertThat(rules(eligible().fact(ClinicalConcept.PREGNANCY, ClinicalFact.Status.POSITIVE, DAY.minusDays(31)))).isEmpty();
        assertThat(rules(eligible().fact(ClinicalConcept.LACTATION, ClinicalFact.Status.ACTIVE, DAY.minusDays(31))))
                .containsExactly("ELIG-8");
    }

    @Test
    void otherAntineoplasticsAreNamedButCytoreductionBeforeTheFirstDoseIsExpected() {
        var p = eligible().medication("vincristine", OtherMedication.Status.ACTIVE, DrugClass.ANTINEOPLASTIC, DrugClass.CYTOREDUCTION)
                .medication("methotrexate", OtherMedication.Status.ACTIVE, DrugClass.ANTINEOPLASTIC)
                .medication("cytarabine", OtherMedication.Status.DONE, DrugClass.ANTINEOPLASTIC);
        var drafts = List.of(Orders.other("imatinib", DAY, DrugClass.ANTINEOPLASTIC).build());
        var findings = rule.evaluate(RuleRuns.context(Hook.ORDER_SIGN, p.build(), Orders.inotuzumab("1.60", DAY).build(), drafts,
                org.inocds.support.Settings.defaults()));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rules()).containsExactly("ELIG-9");
            assertThat(f.params()).containsEntry("agents", List.of(ChartText.of("methotrexate"), ChartText.of("imatinib")));
        });
        // after the first dose, vincristine counts too
        var later = eligible().dose(DAY.minusDays(7), "1.60")
                .medication("vincristine", OtherMedication.Status.ACTIVE, DrugClass.ANTINEOPLASTIC, DrugClass.CYTOREDUCTION);
        assertThat(run(rule, later.build(), Orders.inotuzumab("1.00", DAY).build()))
                .singleElement().satisfies(f -> assertThat(f.params()).containsEntry("agents", List.of(ChartText.of("vincristine"))));
    }
}
