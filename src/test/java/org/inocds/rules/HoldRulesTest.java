package org.inocds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.Patients.patient;
import static org.inocds.support.RuleRuns.run;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.config.CoreConfiguration;
import org.inocds.record.Analyte;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.LabResult;
import org.inocds.support.Orders;
import org.inocds.support.Patients;
import org.inocds.support.RuleRuns;
import org.inocds.support.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.inocds.rules.family.HematologicHoldRule;
import org.inocds.rules.family.HepaticRule;
import org.inocds.rules.family.InfusionReactionRule;
import org.inocds.rules.family.ToxicityRule;

/** HEM-1…3, HEP-1, HEP-2, TOX-1, INF-1, INF-2 at their boundaries. Cycle 1 from D1; cycle 2 day 1 ordered on D1 + 21. */
class HoldRulesTest {

    private static final LocalDate D1 = LocalDate.of(2025, 12, 20);
    private static final LocalDate C2D1 = D1.plusDays(21);

    private static Patients cycle1() {
        return patient().height("178", D1.minusDays(5)).weight("81", D1).weight("81", C2D1.minusDays(1)).eligibleAll()
                .dose(D1, "1.60").dose(D1.plusDays(7), "1.00").dose(D1.plusDays(14), "1.00");
    }

    private static Patients counts(Patients p, String baseAnc, String basePlt, String anc, String plt) {
        return p.lab(Analyte.ANC, baseAnc, D1.minusDays(2)).lab(Analyte.PLATELETS, basePlt, D1.minusDays(2))
                .lab(Analyte.ANC, anc, C2D1.minusDays(1)).lab(Analyte.PLATELETS, plt, C2D1.minusDays(1));
    }

    private static List<String> hem(Patients p) {
        return run(new HematologicHoldRule(), p.build(), Orders.inotuzumab("1.60", C2D1).build()).stream().map(Finding::primaryRule).toList();
    }

    @ParameterizedTest(name = "baseline ANC 1,500, current {0} → hold: {1}")
    @CsvSource({"900, true", "999, true", "1000, false"})
    void normalBaselineAncMustBeBackAtOneThousand(String current, boolean hold) {
        assertThat(hem(counts(cycle1(), "1500", "150000", current, "150000")))
                .containsExactlyElementsOf(hold ? List.of("HEM-1") : List.of());
    }

    @ParameterizedTest(name = "baseline platelets 80,000, current {0} → hold: {1}")
    @CsvSource({"49999, true", "50000, false"})
    void normalBaselinePlateletsMustBeBackAtFiftyThousand(String current, boolean hold) {
        assertThat(hem(counts(cycle1(), "1500", "80000", "1500", current)))
                .containsExactlyElementsOf(hold ? List.of("HEM-1") : List.of());
    }

    /**
     * The baseline window is a setting (inocds.monitoring.baseline-window-days): a baseline 12 days before C1D1 counts
     * with the default 14 and not with 10, and the card is told the window it used rather than a number of its own.
     */
    @ParameterizedTest(name = "baseline window {0} days → baseline found: {1}")
    @CsvSource({"14, true", "10, false"})
    void theBaselineWindowIsTheSettingAndTheCardIsToldIt(int window, boolean found) {
        var settings = CoreConfiguration.ruleSettingsOf(Settings.properties(Map.of("inocds.monitoring.baseline-window-days", String.valueOf(window))));
        var p = cycle1().lab(Analyte.ANC, "1500", D1.minusDays(12)).lab(Analyte.PLATELETS, "150000", D1.minusDays(12))
                .lab(Analyte.ANC, "900", C2D1.minusDays(1)).lab(Analyte.PLATELETS, "150000", C2D1.minusDays(1));
        var findings = new HematologicHoldRule().evaluate(RuleRuns.context(Hook.ORDER_SIGN, p.build(), Orders.inotuzumab("1.60", C2D1).build(),
                List.of(), settings));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.messageKey()).isEqualTo(found ? "hem-1.hold" : "hem-1.hold-no-baseline");
            assertThat(f.params()).containsEntry("baselineWindow", window).containsEntry("ancLimit", 1_000L).containsEntry("plateletLimit", 50_000L);
        });
    }

    @Test
    void lowBaselineRecoveredToBaselineIsNoHold() {
        // issue acceptance: baseline platelets 30,000 and ANC 700; now platelets 35,000 and ANC 800 → both ≥ baseline
        assertThat(hem(counts(cycle1(), "700", "30000", "800", "35000"))).isEmpty();
    }

    @Test
    void lowBaselineNotRecoveredHoldsWithTheMarrowExceptionAsOverrideReason() {
        var findings = run(new HematologicHoldRule(), counts(cycle1(), "700", "30000", "650", "60000").build(),
                Orders.inotuzumab("1.60", C2D1).build());
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rules()).containsExactly("HEM-2");
            assertThat(f.topic()).isEqualTo(Topic.HOLD_HEMATOLOGIC);
            assertThat(f.overrideReasons()).contains(OverrideReason.CYTOPENIA_FROM_DISEASE);
            assertThat(f.change()).containsInstanceOf(OrderChange.CancelOrder.class);
        });
        // or the absolute thresholds: ANC 1,000 and platelets 50,000 start the cycle even below baseline
        assertThat(hem(counts(cycle1(), "700", "90000", "1000", "50000"))).isEmpty();
    }

    /** Clinical review finding 8: this once threw (an empty baseline's get()) and turned the answer into a 500. */
    @ParameterizedTest(name = "baseline ANC 700, no platelet baseline, now ANC {0}, platelets {1} → hold: {2}")
    @CsvSource({"650, 60000, true", "700, 49999, true", "700, 50000, false", "1000, 40000, true", "1000, 50000, false", "999, 45000, true"})
    void oneBaselineLowAndTheOtherMissingComparesTheMissingOneToItsThreshold(String anc, String plt, boolean hold) {
        var p = cycle1().lab(Analyte.ANC, "700", D1.minusDays(2))
                .lab(Analyte.ANC, anc, C2D1.minusDays(1)).lab(Analyte.PLATELETS, plt, C2D1.minusDays(1));
        var findings = run(new HematologicHoldRule(), p.build(), Orders.inotuzumab("1.60", C2D1).build());
        assertThat(findings).extracting(Finding::primaryRule).containsExactlyElementsOf(hold ? List.of("HEM-2") : List.of());
        findings.forEach(f -> {
            assertThat(f.messageKey()).isEqualTo("hem-2.hold-one-baseline");
            assertThat(f.params()).containsEntry("baselinePlatelets", Phrase.NONE);
        });
    }

    @ParameterizedTest(name = "platelet transfusion {0} days before the count → HEM-3: {1}")
    @CsvSource({"7, true", "8, false"})
    void transfusionShortlyBeforeThePlateletCount(int days, boolean caveat) {
        var p = counts(cycle1(), "1500", "150000", "1500", "120000")
                .fact(ClinicalConcept.PLATELET_TRANSFUSION, ClinicalFact.Status.DONE, C2D1.minusDays(1 + days));
        assertThat(hem(p)).containsExactlyElementsOf(caveat ? List.of("HEM-3") : List.of());
    }

    @Test
    void onlyTheStartOfCycleTwoAndLater() {
        var p = counts(cycle1(), "1500", "150000", "500", "20000");
        assertThat(run(new HematologicHoldRule(), p.build(), Orders.inotuzumab("1.00", D1.plusDays(7)).build())).isEmpty();
    }

    // --- HEP ---------------------------------------------------------------------------------------------------------

    private static Patients withLab(Patients p, Analyte a, String value, String uln, LocalDate date) {
        var r = new LabResult(a, new BigDecimal(value), date, date.toString(), Optional.ofNullable(uln).map(BigDecimal::new),
                value + " " + a.unit(), "Observation/x", Optional.empty());
        return p.labResult(r);
    }

    private static List<Finding> hep(Patients p) {
        return run(new HepaticRule(), p.build(), Orders.inotuzumab("1.60", C2D1).build());
    }

    @ParameterizedTest(name = "bilirubin {0} against ULN 1.2 → hold: {1}")
    @CsvSource({"1.8, false", "1.81, true"})
    void bilirubinOverOnePointFiveTimesTheUpperLimit(String bili, boolean hold) {
        var findings = hep(withLab(cycle1(), Analyte.BILIRUBIN_TOTAL, bili, "1.2", C2D1.minusDays(1)));
        assertThat(findings).extracting(Finding::indicator).containsExactlyElementsOf(hold ? List.of(Indicator.WARNING) : List.of());
        if (hold) {
            // the result, its limit and the limit's origin, as facts the card words ("T-Bil 1.81 mg/dL … > 1.5 × ULN 1.2 (R) = 1.8")
            var result = (Phrase) ((List<?>) findings.get(0).params().get("results")).get(0);
            assertThat(result.key()).isEqualTo("phrase.above-uln");
            assertThat(result.values()).containsEntry("analyte", Analyte.BILIRUBIN_TOTAL).containsEntry("unit", new UnitOf(Analyte.BILIRUBIN_TOTAL))
                    .containsEntry("factor", new BigDecimal("1.5")).containsEntry("origin", Phrase.of("phrase.uln-origin.result"));
            assertThat((BigDecimal) result.values().get("value")).isEqualByComparingTo("1.81");
            assertThat((BigDecimal) result.values().get("uln")).isEqualByComparingTo("1.2");
            assertThat((BigDecimal) result.values().get("limit")).isEqualByComparingTo("1.8");
        }
    }

    /**
     * Without a range of its own a result is judged against the site setting for the analyte and the patient's sex; the
     * defaults are the JCCLS common reference intervals (RULES §3 "ULN"): ALT 42 U/L for men, 23 U/L for women, the lower
     * when the sex is not recorded; AST 30 U/L and total bilirubin 1.5 mg/dL for both.
     */
    @ParameterizedTest(name = "{0} {1} {2} against the site default → hold: {3}")
    @CsvSource({"ALT, 105, MALE, false", "ALT, 105.01, MALE, true", "ALT, 57.5, FEMALE, false", "ALT, 57.51, FEMALE, true",
            "ALT, 57.5, UNKNOWN, false", "ALT, 57.51, UNKNOWN, true", "AST, 75, FEMALE, false", "AST, 75.01, MALE, true",
            "BILIRUBIN_TOTAL, 2.25, MALE, false", "BILIRUBIN_TOTAL, 2.26, FEMALE, true"})
    void overTheSiteDefaultForTheAnalyteAndSex(Analyte analyte, String value, org.inocds.record.PatientRecord.Sex sex, boolean hold) {
        var findings = hep(withLab(cycle1().sex(sex), analyte, value, null, C2D1.minusDays(1)));
        assertThat(findings).hasSize(hold ? 1 : 0);
        if (hold) {
            var result = (Phrase) ((List<?>) findings.get(0).params().get("results")).get(0);
            Phrase origin = analyte != Analyte.ALT ? Phrase.of("phrase.uln-origin.site-default")
                    : new Phrase("phrase.uln-origin.site-default-for", Map.of("who", new Phrase("phrase.uln-for.sex", Map.of("sex", sex))));
            assertThat(result.values()).containsEntry("analyte", analyte).containsEntry("origin", origin);
        }
    }

    private static Patients with(Patients p, ClinicalConcept condition) {
        return p.fact(condition, ClinicalFact.Status.ACTIVE, LocalDate.of(2010, 1, 1));
    }

    /** The waived results of a HEP-2 waiver card, as "analyte/condition concept". */
    private static List<String> waived(Finding f) {
        return ((List<?>) f.params().get("results")).stream().map(Phrase.class::cast)
                .map(p -> p.values().get("analyte") + "/" + ((Phrase) p.values().get("condition")).key().replace("phrase.waived-by.", ""))
                .toList();
    }

    @Test
    void gilbertWaivesBilirubinButNotTransaminases() {
        var gilbert = with(withLab(cycle1(), Analyte.BILIRUBIN_TOTAL, "1.92", "1.2", C2D1.minusDays(1)), ClinicalConcept.GILBERT_SYNDROME);
        assertThat(hep(gilbert)).singleElement().satisfies(f -> {
            assertThat(f.indicator()).isEqualTo(Indicator.INFO);
            assertThat(f.messageKey()).isEqualTo("hep-2.waived");
            assertThat(waived(f)).containsExactly("BILIRUBIN_TOTAL/GILBERT_SYNDROME");
        });
        // Gilbert syndrome explains bilirubin only: an AST over 2.5 × ULN still holds
        var withAst = withLab(gilbert, Analyte.AST, "90", "30", C2D1.minusDays(1));
        assertThat(hep(withAst)).extracting(Finding::indicator).containsExactlyInAnyOrder(Indicator.WARNING, Indicator.INFO);
        var without = withLab(cycle1(), Analyte.BILIRUBIN_TOTAL, "1.92", "1.2", C2D1.minusDays(1));
        assertThat(hep(without)).extracting(Finding::indicator).containsExactly(Indicator.WARNING);
    }

    /** HEP-2 note 1: haemolysis raises bilirubin and AST (released from red cells), so both criteria are waived; ALT still counts. */
    @ParameterizedTest(name = "AST {0} against ULN 30, haemolysis {1} → hold {2}, waived {3}")
    @CsvSource({"75, false, false, false", "75.01, false, true, false", "75, true, false, false", "75.01, true, false, true"})
    void haemolysisWaivesAstAtItsExactBoundary(String ast, boolean haemolysis, boolean hold, boolean waived) {
        var p = withLab(cycle1(), Analyte.AST, ast, "30", C2D1.minusDays(1));
        var findings = hep(haemolysis ? with(p, ClinicalConcept.HEMOLYSIS) : p);
        assertThat(findings).extracting(Finding::messageKey).containsExactlyElementsOf(
                java.util.stream.Stream.of(hold ? "hep-2.hold" : null, waived ? "hep-2.waived" : null).filter(k -> k != null).toList());
        if (waived) {
            assertThat(waived(findings.get(0))).containsExactly("AST/HEMOLYSIS");
            assertThat(findings.get(0).indicator()).isEqualTo(Indicator.INFO);
        }
    }

    @Test
    void haemolysisWaivesBilirubinAndAstButAltStillHolds() {
        var p = with(withLab(withLab(withLab(cycle1(), Analyte.BILIRUBIN_TOTAL, "1.92", "1.2", C2D1.minusDays(1)),
                Analyte.AST, "80", "30", C2D1.minusDays(1)), Analyte.ALT, "75.01", "30", C2D1.minusDays(1)), ClinicalConcept.HEMOLYSIS);
        var findings = hep(p);
        assertThat(findings).extracting(Finding::messageKey).containsExactly("hep-2.hold", "hep-2.waived");
        var held = (List<?>) findings.get(0).params().get("results");
        assertThat(held).singleElement().satisfies(r -> assertThat(((Phrase) r).values()).containsEntry("analyte", Analyte.ALT));
        assertThat(waived(findings.get(1))).containsExactly("BILIRUBIN_TOTAL/HEMOLYSIS", "AST/HEMOLYSIS");
        // ALT at exactly 2.5 × ULN with haemolysis: nothing holds, the two waived results are still named
        var atLimit = with(withLab(withLab(withLab(cycle1(), Analyte.BILIRUBIN_TOTAL, "1.92", "1.2", C2D1.minusDays(1)),
                Analyte.AST, "80", "30", C2D1.minusDays(1)), Analyte.ALT, "75", "30", C2D1.minusDays(1)), ClinicalConcept.HEMOLYSIS);
        assertThat(hep(atLimit)).extracting(Finding::messageKey).containsExactly("hep-2.waived");
    }

    @Test
    void withBothConditionsEachWaivedResultNamesTheConditionThatExplainsIt() {
        var p = with(with(withLab(withLab(cycle1(), Analyte.BILIRUBIN_TOTAL, "1.92", "1.2", C2D1.minusDays(1)),
                Analyte.AST, "80", "30", C2D1.minusDays(1)), ClinicalConcept.GILBERT_SYNDROME), ClinicalConcept.HEMOLYSIS);
        assertThat(hep(p)).singleElement().satisfies(f -> assertThat(waived(f))
                .containsExactly("BILIRUBIN_TOTAL/GILBERT_SYNDROME", "AST/HEMOLYSIS"));
        // a resolved haemolysis waives nothing
        var resolved = withLab(cycle1(), Analyte.AST, "80", "30", C2D1.minusDays(1))
                .fact(ClinicalConcept.HEMOLYSIS, ClinicalFact.Status.RESOLVED, LocalDate.of(2025, 1, 1));
        assertThat(hep(resolved)).extracting(Finding::messageKey).containsExactly("hep-2.hold");
    }

    @Test
    void vodAfterTheFirstDoseOrActiveNowMeansDiscontinue() {
        var vod = cycle1().fact(ClinicalConcept.VOD_SOS, ClinicalFact.Status.ACTIVE, D1.plusDays(18));
        assertThat(hep(vod)).singleElement().satisfies(f -> {
            assertThat(f.rules()).containsExactly("HEP-1");
            assertThat(f.indicator()).isEqualTo(Indicator.CRITICAL);
            assertThat(f.topic()).isEqualTo(Topic.DISCONTINUE);
            assertThat(f.change()).containsInstanceOf(OrderChange.CancelOrder.class);
        });
        var pastVod = cycle1().fact(ClinicalConcept.VOD_SOS, ClinicalFact.Status.RESOLVED, LocalDate.of(2020, 5, 1));
        assertThat(hep(pastVod)).isEmpty();
    }

    // --- TOX, INF ----------------------------------------------------------------------------------------------------

    @Test
    void ongoingGradeTwoAboveBaselineHolds() {
        var findings = run(new ToxicityRule(), cycle1().adverseEvent("nausea", 2, true, D1.plusDays(16), false, false).build(),
                Orders.inotuzumab("1.60", C2D1).build());
        assertThat(findings).singleElement().satisfies(f -> assertThat(f.topic()).isEqualTo(Topic.HOLD_TOXICITY));
        assertThat(run(new ToxicityRule(), cycle1().adverseEvent("nausea", 1, true, D1.plusDays(16), false, false).build(),
                Orders.inotuzumab("1.60", C2D1).build())).isEmpty();
        assertThat(run(new ToxicityRule(), cycle1().adverseEvent("nausea", 2, false, D1.plusDays(16), false, false).build(),
                Orders.inotuzumab("1.60", C2D1).build())).isEmpty();
        var baseline = cycle1().adverseEvent("nausea", 2, true, D1.minusDays(3), false, false)
                .adverseEvent("nausea", 2, true, D1.plusDays(16), false, false);
        assertThat(run(new ToxicityRule(), baseline.build(), Orders.inotuzumab("1.60", C2D1).build())).isEmpty();
    }

    @ParameterizedTest(name = "lipase {0} against ULN 60 → grade 2 hold: {1}")
    @CsvSource({"90, false", "90.01, true"})
    void lipaseOverOnePointFiveTimesIsGradeTwo(String lipase, boolean hold) {
        var findings = run(new ToxicityRule(), withLab(cycle1(), Analyte.LIPASE, lipase, "60", C2D1.minusDays(2)).build(),
                Orders.inotuzumab("1.60", C2D1).build());
        assertThat(findings).hasSize(hold ? 1 : 0);
    }

    @Test
    void infusionReactions() {
        var severe = run(new InfusionReactionRule(), cycle1().adverseEvent("infusion related reaction", 3, false, D1, true, false).build(),
                Orders.inotuzumab("1.60", C2D1).build());
        assertThat(severe).singleElement().satisfies(f -> {
            assertThat(f.rules()).containsExactly("INF-1");
            assertThat(f.indicator()).isEqualTo(Indicator.CRITICAL);
        });
        var mild = run(new InfusionReactionRule(), cycle1().adverseEvent("infusion related reaction", 2, false, D1, true, false).build(),
                Orders.inotuzumab("1.60", C2D1).build());
        assertThat(mild).singleElement().satisfies(f -> {
            assertThat(f.rules()).containsExactly("INF-2");
            assertThat(f.topic()).isEqualTo(Topic.PREMEDICATION);
        });
    }
}
