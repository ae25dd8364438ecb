package org.inocds.rules.family;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.inocds.record.Analyte;
import org.inocds.record.DataIssue;
import org.inocds.record.DraftOrder;
import org.inocds.record.RecordPart;
import org.inocds.rules.Finding;
import org.inocds.rules.RuleId;
import org.inocds.support.Orders;
import org.inocds.support.Patients;
import org.inocds.support.RuleRuns;
import org.junit.jupiter.api.Test;

/**
 * The reader says only what failed (a result of an analyte, a part of the record); the rules a data-quality card names
 * as not evaluated follow from what each rule declares it reads ({@link RuleId}). The lists the reader used to keep by
 * hand had drifted: a WBC the service cannot use left out ELIG-4 (peripheral blasts may be WBC × blasts %) and HEM-3, and
 * an unusable weight named DOSE-1 and DOSE-2 only, though every dose figure is mg/m² × the BSA.
 */
class DataQualityDerivationTest {

    private static final LocalDate DAY = LocalDate.of(2026, 1, 10);

    private static List<String> rulesNotEvaluated(DataIssue issue) {
        return rulesNotEvaluated(issue, Orders.inotuzumab("1.60", DAY).build());
    }

    private static List<String> rulesNotEvaluated(DataIssue issue, DraftOrder order) {
        var record = Patients.patient().issue(issue).build();
        List<Finding> findings = RuleRuns.run(new DataQualityRule(), record, order);
        assertThat(findings).hasSize(1);
        return ((List<?>) findings.get(0).params().get("rulesNotEvaluated")).stream().map(r -> ((RuleId) r).code()).toList();
    }

    /**
     * RULES ELIG-4 (peripheral blasts, or WBC × blasts % of the same draw), HEM-1/HEM-2 (ANC, which may be WBC × neutrophils
     * %), HEM-3 (the platelet count HEM decides on), MON-2 (ANC and platelets within the window).
     */
    @Test
    void aWbcThatCannotBeUsedLeavesTheBlastAndCountRulesUnevaluated() {
        var issue = DataIssue.ofResult(DataIssue.Kind.UNIT_UNKNOWN, Analyte.WBC, "wbc, 2026-01-09", "5.1 K/uL");
        assertThat(RuleId.reading(Analyte.WBC).stream().map(RuleId::code)).containsExactly("ELIG-4", "HEM-1", "HEM-2", "HEM-3", "MON-2");
        // named are the rules that would have judged this order where it stands (issue 23, review): on C1D1 the blasts
        // before the first dose, not the counts that decide a later cycle's start
        assertThat(rulesNotEvaluated(issue)).containsExactly("ELIG-4");
        assertThat(rulesNotEvaluated(issue, Orders.inotuzumab("1.00", DAY).explicit(2, 1).build()))
                .containsExactly("HEM-1", "HEM-2", "HEM-3", "MON-2");
        assertThat(rulesNotEvaluated(issue, Orders.inotuzumab("1.00", DAY).explicit(2, 8).build())).containsExactly("MON-2");
    }

    /**
     * RULES DOSE-1 (height, weight or BSA), DOSE-2, DOSE-3, DOSE-5 (mg/m² × BSA), DOSE-4 and MOD-3 (the reduced dose × BSA),
     * PREP-1 (an order in mg/m² × BSA); a past dose's level is judged with the BSA of its date (§1), so the rules that read
     * the level too. Rules that never use the body size are not named.
     */
    @Test
    void aWeightThatCannotBeUsedLeavesEveryRuleOfTheBodySizeUnevaluated() {
        for (var kind : List.of(DataIssue.Kind.UNIT_UNKNOWN, DataIssue.Kind.VALUE_IMPLAUSIBLE)) {
            var issue = DataIssue.ofPart(kind, RecordPart.BODY_MEASUREMENTS, "Body weight, 2026-01-09", "81 [lb_av]");
            assertThat(rulesNotEvaluated(issue)).as(kind.name())
                    .contains("DOSE-1", "DOSE-2", "DOSE-3", "DOSE-4", "DOSE-5", "MOD-3", "PREP-1")
                    .doesNotContain("ELIG-4", "HEM-1", "HEP-2", "MON-1", "VOD-1", "CAU-1")
                    .containsExactlyElementsOf(RuleId.reading(RecordPart.BODY_MEASUREMENTS).stream().map(RuleId::code).toList());
        }
    }

    /** The analytes each rule family reads as the catalogue says; a liver test also leaves VOD-3 (no LFT after HSCT) unjudged. */
    @Test
    void eachAnalyteNamesTheRulesThatReadIt() {
        assertThat(codes(Analyte.BILIRUBIN_TOTAL)).containsExactly("HEP-2", "VOD-1", "VOD-3", "VOD-4", "MON-1");
        assertThat(codes(Analyte.ALT)).containsExactly("HEP-2", "VOD-3", "MON-1");
        assertThat(codes(Analyte.LIPASE)).containsExactly("TOX-1", "MON-4");
        assertThat(codes(Analyte.QTC)).containsExactly("MON-3");
        assertThat(codes(Analyte.PLATELETS)).containsExactly("HEM-1", "HEM-2", "HEM-3", "MON-2");
        // CR/CRi (marrow blasts under 5 %) sets the day-1 dose and the length of cycle 1: every rule of the dose level
        assertThat(codes(Analyte.MARROW_BLASTS_PERCENT)).contains("DOSE-5", "CYC-3", "STATUS-1").doesNotContain("ELIG-4");
        assertThat(Analyte.values()).allSatisfy(a -> assertThat(RuleId.reading(a)).as(a.name()).isNotEmpty());
    }

    /** A failed part names the rules that read it, as the rule book silences them: one declaration for both. */
    @Test
    void aFailedPartNamesTheRulesItSilences() {
        var issue = DataIssue.ofPart(DataIssue.Kind.FETCH_FAILED, RecordPart.ADVERSE_EVENTS, "adverseEvents", "timeout");
        assertThat(rulesNotEvaluated(issue)).containsExactly("INF-1", "INF-2", "TOX-1");
    }

    private static List<String> codes(Analyte analyte) {
        return RuleId.reading(analyte).stream().map(RuleId::code).toList();
    }
}
