package org.inocds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.inocds.record.Analyte;
import org.inocds.record.ChartText;
import org.inocds.record.Derivation;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, defect 4 (the HEP-2 waiver card): a finding or a phrase carries no String, so no rule can hand words from the
 * record to a card as if they were ours. With assertions on, as in every test run, a String fails the rule that built it.
 */
class CardValuesTest {

    @Test
    void testsRunWithAssertionsOn() {
        assertThat(CardValues.class.desiredAssertionStatus()).isTrue();
    }

    @Test
    void aStringIsRefusedInAFindingAPhraseAndTheirLists() {
        assertThatThrownBy(() -> Finding.of(RuleId.HEP_2, Topic.HOLD_HEPATIC, Indicator.INFO, "waived")
                .params(Map.of("recorded", "<img src=x onerror=alert(1)>")).build())
                .isInstanceOf(AssertionError.class).hasMessageContaining("{recorded} is a String");
        assertThatThrownBy(() -> new Phrase("phrase.hep-waived", Map.of("recorded", "Gilbert syndrome")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("phrase.hep-waived");
        assertThatThrownBy(() -> new Phrase("phrase.x", Map.of("list", List.of(ChartText.of("ok"), "not ok"))))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> new Phrase("phrase.x", Map.of("builder", new StringBuilder("x"))))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void typedValuesPass() {
        Map<String, Object> values = Map.of("n", new BigDecimal("1.5"), "i", 3, "l", 2_500L, "date", LocalDate.of(2026, 1, 9),
                "analyte", Analyte.AST, "chart", ChartText.of("<b>"), "phrase", Phrase.NONE,
                "derived", new Derivation(Analyte.WBC, BigDecimal.ONE, BigDecimal.TEN), "list", List.of(Phrase.of("phrase.slot"), ChartText.of("x")),
                "bullets", new Bullets(List.of(Phrase.EMPTY)));
        assertThat(new Phrase("phrase.x", values).values()).isEqualTo(values);
        assertThat(Finding.of(RuleId.HEP_2, Topic.HOLD_HEPATIC, Indicator.INFO, "waived").params(values).build().params()).isEqualTo(values);
    }
}
