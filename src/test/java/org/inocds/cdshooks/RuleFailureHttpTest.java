package org.inocds.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFhirServer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.inocds.rules.Finding;
import org.inocds.rules.Rule;
import org.inocds.rules.RuleBook;
import org.inocds.rules.RuleContext;
import org.inocds.rules.RuleId;
import org.inocds.support.Cards;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.inocds.rules.family.StandardRuleBook;

/** Clinical review finding 8 over HTTP: a throwing rule family gives a DQ-5 card, never a 500; the log names it. */
@Import(RuleFailureHttpTest.FailingRules.class)
@ExtendWith(OutputCaptureExtension.class)
class RuleFailureHttpTest extends ServiceHttpTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class FailingRules {
        @Bean
        @Primary
        RuleBook failingRuleBook() {
            List<Rule> rules = new ArrayList<>(StandardRuleBook.create().rules());
            rules.add(0, new Rule() {
                @Override
                public List<RuleId> ids() {
                    return List.of(RuleId.HEP_1, RuleId.HEP_2);
                }

                @Override
                public List<Finding> evaluate(RuleContext ctx) {
                    throw new ArithmeticException("patient demo-us-c1d1 bilirubin");
                }
            });
            return new RuleBook(rules);
        }
    }

    @Test
    void aThrowingRuleIsADataQualityCardNotA500(CapturedOutput output) {
        var request = orderHook("order-sign", "demo-us-c1d1", inotuzumabOrder("d1", "demo-us-c1d1", new BigDecimal("1.70"), "mg", "2026-01-10"));
        var answer = cds.call("inotuzumab-order-sign", withFhirServer(request, cds.fhirBase()), "ja");
        assertThat(answer.status()).isEqualTo(200);
        var card = Cards.card(answer.json(), "DQ-5");
        assertThat(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(card.at("/source/topic/code").asText()).isEqualTo("data-quality");
        assertThat(card.get("summary").asText()).contains("HEP-1, HEP-2");
        assertThat(Cards.card(answer.json(), "DOSE-2")).isNotNull();
        assertThat(output.getAll()).contains("rules [HEP-1, HEP-2] could not be evaluated: java.lang.ArithmeticException")
                .doesNotContain("patient demo-us-c1d1 bilirubin");
    }
}
