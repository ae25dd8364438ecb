package org.inocds.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.inocds.support.Orders;
import org.inocds.support.Patients;
import org.inocds.support.RuleRuns;
import org.junit.jupiter.api.Test;
import org.inocds.rules.family.StandardRuleBook;

/** Clinical review finding 8: a rule family that throws is named on a data-quality card; the others still answer. */
class RuleBookTest {

    /** A family that fails as a defect would. */
    static final class ThrowingRule implements Rule {
        @Override
        public List<RuleId> ids() {
            return List.of(RuleId.HEM_1, RuleId.HEM_2);
        }

        @Override
        public List<Finding> evaluate(RuleContext ctx) {
            throw new IllegalStateException("no value present for patient Yamada");
        }
    }

    @Test
    void aThrowingFamilyBecomesADataQualityCardAndTheOthersStillAnswer() {
        List<Rule> rules = new ArrayList<>(StandardRuleBook.create().rules());
        rules.add(0, new ThrowingRule());
        var book = new RuleBook(rules);
        LocalDate d1 = LocalDate.of(2026, 1, 10);
        var record = Patients.patient().height("178", d1.minusDays(5)).weight("81", d1).eligibleAll().build();
        var order = Orders.inotuzumab("1.70", d1).build();
        var findings = book.evaluate(RuleRuns.context(Hook.ORDER_SIGN, record, order, List.of(), org.inocds.support.Settings.defaults()));

        assertThat(findings).filteredOn(f -> f.primaryRule().equals("DQ-5")).singleElement().satisfies(f -> {
            assertThat(f.topic()).isEqualTo(Topic.DATA_QUALITY);
            assertThat(f.indicator()).isEqualTo(Indicator.WARNING);
            assertThat(f.params()).containsEntry("rules", List.of(RuleId.HEM_1, RuleId.HEM_2));
        });
        assertThat(findings).extracting(Finding::primaryRule).contains("DOSE-2");
    }

    @Test
    void everyStandardFamilyNamesItsRules() {
        assertThat(StandardRuleBook.create().rules()).allSatisfy(r -> assertThat(r.ids()).isNotEmpty());
    }
}
