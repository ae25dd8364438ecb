package org.inocds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.Patients.patient;
import static org.inocds.support.RuleRuns.run;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
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
import org.inocds.rules.family.CautionRule;
import org.inocds.rules.family.MonitoringRule;
import org.inocds.rules.family.PremedicationRule;
import org.inocds.rules.family.VodRiskRule;

/** VOD-1…4, MON-1…4, PRE-1, CAU-1. */
class RiskAndMonitoringRulesTest {

    private static final LocalDate D1 = LocalDate.of(2025, 12, 20);
    private static final LocalDate C2D1 = D1.plusDays(21);

    private static Patients treated() {
        return patient().height("178", D1.minusDays(5)).weight("81", C2D1.minusDays(1)).eligibleAll().born(LocalDate.of(1975, 1, 1))
                .dose(D1, "1.60").dose(D1.plusDays(7), "1.00").dose(D1.plusDays(14), "1.00");
    }

    private static Patients currentLabs(Patients p) {
        for (Analyte a : List.of(Analyte.BILIRUBIN_TOTAL, Analyte.AST, Analyte.ALT)) {
            p.lab(a, "0.5", C2D1.minusDays(1));
        }
        return p.lab(Analyte.ANC, "2000", C2D1.minusDays(1)).lab(Analyte.PLATELETS, "150000", C2D1.minusDays(1))
                .lab(Analyte.QTC, "420", C2D1.minusDays(2)).lab(Analyte.LIPASE, "20", C2D1.minusDays(2));
    }

    @Test
    void hsctPlannedAloneIsInfoAndWithAnotherFactorAWarning() {
        var planOnly = patient().height("178", D1).weight("81", D1).eligibleAll().born(LocalDate.of(1975, 1, 1))
                .fact(ClinicalConcept.HSCT, ClinicalFact.Status.PLANNED, D1);
        assertThat(run(new VodRiskRule(), planOnly.build(), Orders.inotuzumab("1.60", D1).build())).singleElement()
                .satisfies(f -> assertThat(f.indicator()).isEqualTo(Indicator.INFO));
        var older = patient().height("178", D1).weight("81", D1).eligibleAll().born(D1.minusYears(65))
                .fact(ClinicalConcept.HSCT, ClinicalFact.Status.PLANNED, D1);
        assertThat(run(new VodRiskRule(), older.build(), Orders.inotuzumab("1.60", D1).build())).singleElement().satisfies(f -> {
            assertThat(f.indicator()).isEqualTo(Indicator.WARNING);
            assertThat(((Bullets) f.params().get("items")).keys())
                    .containsExactly("vod-1.risk-factors.item.hsct-planned", "vod-1.risk-factors.item.elderly");
        });
        var sixtyFour = patient().height("178", D1).weight("81", D1).eligibleAll().born(D1.minusYears(65).plusDays(1))
                .fact(ClinicalConcept.HSCT, ClinicalFact.Status.PLANNED, D1);
        assertThat(run(new VodRiskRule(), sixtyFour.build(), Orders.inotuzumab("1.60", D1).build())).singleElement()
                .satisfies(f -> assertThat(f.indicator()).isEqualTo(Indicator.INFO));
    }

    @Test
    void bilirubinAtTheUpperLimitAfterInotuzumabIsAFactorEvenWithGilbert() {
        var p = treated().fact(ClinicalConcept.GILBERT_SYNDROME, ClinicalFact.Status.ACTIVE, LocalDate.of(2010, 1, 1))
                .labResult(new org.inocds.record.LabResult(Analyte.BILIRUBIN_TOTAL, new java.math.BigDecimal("1.2"), C2D1.minusDays(1),
                        "t", Optional.of(new java.math.BigDecimal("1.2")), "1.2 mg/dL", "Observation/b", Optional.empty()));
        var findings = run(new VodRiskRule(), p.build(), Orders.inotuzumab("1.60", C2D1).build());
        assertThat(findings).singleElement().satisfies(f -> assertThat(((Bullets) f.params().get("items")).keys())
                .containsExactly("vod-1.risk-factors.item.bilirubin-gilbert"));
    }

    @Test
    void twoAlkylatingAgentsAfterInotuzumab() {
        var drafts = List.of(Orders.other("busulfan", C2D1, DrugClass.ALKYLATING, DrugClass.ANTINEOPLASTIC).build(),
                Orders.other("melphalan", C2D1, DrugClass.ALKYLATING, DrugClass.ANTINEOPLASTIC).build());
        var ctx = new RuleContext(Hook.ORDER_SIGN, treated().build(), PatientReview.timeline(treated().build(), org.inocds.support.Settings.defaults()),
                Optional.empty(), Optional.empty(), drafts, C2D1, org.inocds.support.Settings.defaults());
        assertThat(new VodRiskRule().evaluate(ctx)).singleElement().satisfies(f -> {
            assertThat(f.rules()).containsExactly("VOD-2");
            assertThat(f.params()).containsEntry("agents", List.of(ChartText.of("busulfan"), ChartText.of("melphalan")));
        });
        var one = new RuleContext(Hook.ORDER_SIGN, treated().build(), PatientReview.timeline(treated().build(), org.inocds.support.Settings.defaults()),
                Optional.empty(), Optional.empty(), drafts.subList(0, 1), C2D1, org.inocds.support.Settings.defaults());
        assertThat(new VodRiskRule().evaluate(one)).isEmpty();
        var activeAndDraft = treated().medication("melphalan", OtherMedication.Status.ACTIVE, DrugClass.ALKYLATING);
        var mixed = new RuleContext(Hook.ORDER_SIGN, activeAndDraft.build(), PatientReview.timeline(activeAndDraft.build(), org.inocds.support.Settings.defaults()),
                Optional.empty(), Optional.empty(), drafts.subList(0, 1), C2D1, org.inocds.support.Settings.defaults());
        assertThat(new VodRiskRule().evaluate(mixed)).extracting(Finding::primaryRule).containsExactly("VOD-2");
    }

    @ParameterizedTest(name = "day {0} after HSCT, last liver test {1} days ago → VOD-3: {2}")
    @CsvSource({"30, 3, false", "30, 4, true", "100, 10, true", "101, 10, false"})
    void liverTestsAfterHsct(int day, int lastLft, boolean reminder) {
        LocalDate today = C2D1.plusDays(120);
        var p = treated().fact(ClinicalConcept.HSCT, ClinicalFact.Status.DONE, today.minusDays(day))
                .lab(Analyte.BILIRUBIN_TOTAL, "0.8", today.minusDays(lastLft));
        var record = p.build();
        var ctx = new RuleContext(Hook.PATIENT_VIEW, record, PatientReview.timeline(record, org.inocds.support.Settings.defaults()), Optional.empty(),
                Optional.empty(), List.of(), today, org.inocds.support.Settings.defaults());
        assertThat(new VodRiskRule().evaluate(ctx).stream().anyMatch(f -> f.rules().contains("VOD-3"))).isEqualTo(reminder);
    }

    @Test
    void bilirubinBeforePlannedHsct() {
        var p = treated().fact(ClinicalConcept.HSCT, ClinicalFact.Status.PLANNED, C2D1)
                .labResult(new org.inocds.record.LabResult(Analyte.BILIRUBIN_TOTAL, new java.math.BigDecimal("1.3"), C2D1.minusDays(1),
                        "t", Optional.of(new java.math.BigDecimal("1.2")), "1.3 mg/dL", "Observation/b", Optional.empty()));
        var record = p.build();
        var ctx = new RuleContext(Hook.ORDER_SIGN, record, PatientReview.timeline(record, org.inocds.support.Settings.defaults()), Optional.empty(),
                Optional.empty(), List.of(), C2D1, org.inocds.support.Settings.defaults());
        assertThat(new VodRiskRule().evaluate(ctx)).extracting(Finding::primaryRule).contains("VOD-4");
    }

    @Test
    void monitoringBeforeEachDose() {
        var none = run(new MonitoringRule(), treated().build(), Orders.inotuzumab("1.60", C2D1).build());
        assertThat(none).extracting(Finding::primaryRule).containsExactly("MON-1", "MON-2", "MON-3");
        assertThat(((Bullets) none.get(2).params().get("items")).keys()).containsExactly("mon.due.item.ecg", "mon.due.item.enzymes");
        assertThat(none).extracting(Finding::indicator).containsExactly(Indicator.WARNING, Indicator.WARNING, Indicator.INFO);
        assertThat(run(new MonitoringRule(), currentLabs(treated()).build(), Orders.inotuzumab("1.60", C2D1).build())).isEmpty();
        // liver tests 8 days old are outside the 7-day window
        var old = treated();
        for (Analyte a : List.of(Analyte.BILIRUBIN_TOTAL, Analyte.AST, Analyte.ALT)) {
            old.lab(a, "0.5", C2D1.minusDays(8));
        }
        assertThat(run(new MonitoringRule(), old.build(), Orders.inotuzumab("1.60", C2D1).build())).extracting(Finding::primaryRule)
                .contains("MON-1");
    }

    @ParameterizedTest(name = "QTc {0} ms (baseline {1}) → prolonged: {2}")
    @CsvSource({
        "500, 450, false", "501, 450, true",   // the 500 ms limit (rise only 50–51 ms)
        "480, 420, true", "479, 420, false"    // a rise of 60 ms over baseline (under 500 ms)
    })
    void qtProlongation(String qtc, String baseline, boolean prolonged) {
        var p = currentLabs(treated()).lab(Analyte.QTC, baseline, D1.minusDays(3)).lab(Analyte.QTC, qtc, C2D1.minusDays(1));
        var findings = run(new MonitoringRule(), p.build(), Orders.inotuzumab("1.60", C2D1).build());
        assertThat(findings.stream().anyMatch(f -> f.messageKey().equals("mon-3.qt-prolonged"))).isEqualTo(prolonged);
    }

    @Test
    void premedicationForTheMissingClassesOnly() {
        var findings = run(new PremedicationRule(), treated().build(), Orders.inotuzumab("1.60", C2D1).build());
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(((Bullets) f.params().get("items")).keys()).containsExactly("pre-1.advised.item.corticosteroid",
                    "pre-1.advised.item.antipyretic", "pre-1.advised.item.antihistamine");
            var create = (OrderChange.CreatePremedication) f.change().orElseThrow();
            assertThat(create.items()).hasSize(3);
        });
        var withSteroid = treated().medication("dexamethasone", OtherMedication.Status.ACTIVE, DrugClass.CORTICOSTEROID);
        var ctx = RuleRuns.context(Hook.ORDER_SIGN, withSteroid.build(), Orders.inotuzumab("1.60", C2D1).build(),
                List.of(Orders.other("acetaminophen", C2D1, DrugClass.ANTIPYRETIC).build()), org.inocds.support.Settings.defaults());
        assertThat(new PremedicationRule().evaluate(ctx)).singleElement()
                .satisfies(f -> assertThat(((Bullets) f.params().get("items")).keys()).containsExactly("pre-1.advised.item.antihistamine"));
    }

    @Test
    void activeInfection() {
        var p = treated().fact(ClinicalConcept.INFECTION, ClinicalFact.Status.ACTIVE, C2D1.minusDays(2));
        assertThat(run(new CautionRule(), p.build(), Orders.inotuzumab("1.60", C2D1).build())).singleElement()
                .satisfies(f -> assertThat(f.rules()).containsExactly("CAU-1"));
        var resolved = treated().fact(ClinicalConcept.INFECTION, ClinicalFact.Status.RESOLVED, C2D1.minusDays(20));
        assertThat(run(new CautionRule(), resolved.build(), Orders.inotuzumab("1.60", C2D1).build())).isEmpty();
    }
}
