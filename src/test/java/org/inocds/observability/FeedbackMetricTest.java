package org.inocds.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFhirServer;

import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.inocds.rules.Rule;
import org.inocds.rules.RuleId;
import org.inocds.rules.family.StandardRuleBook;
import org.inocds.support.Cards;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;

/**
 * Feedback per rule and outcome as a metric ({@code inocds.feedback}, issue 25): every rule × outcome registered at zero
 * from the start, one count per stored entry under the rule that made the card — and no patient, card, hookInstance or
 * client in any label of the whole scrape.
 */
@AutoConfigureObservability
class FeedbackMetricTest extends ServiceHttpTest {

    @Autowired
    MeterRegistry registry;

    private double count(String rule, String outcome) {
        var counter = registry.find("inocds.feedback").tag("rule", rule).tag("outcome", outcome).counter();
        assertThat(counter).as(rule + " " + outcome).isNotNull();
        return counter.count();
    }

    @Test
    void everyRuleAndOutcomeIsThereFromTheStartAndAnEntryCountsUnderItsCardsRule() {
        int rules = 0;
        // every declared rule: the families' and the engine's own (a rule that failed, DQ-5, makes a card too)
        for (RuleId ruleId : RuleId.values()) {
            count(ruleId.code(), "accepted");
            count(ruleId.code(), "overridden");
            rules++;
        }
        assertThat(rules).isGreaterThan(40);
        assertThat(registry.find("inocds.feedback").counters()).hasSize(rules * 2);

        var request = orderHook("order-sign", "demo-us-c1d1",
                inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.70"), "mg", "2026-01-10"));
        String hookInstance = request.get("hookInstance").asText();
        var card = Cards.card(cds.call("inotuzumab-order-sign", withFhirServer(request, cds.fhirBase())).json(), "DOSE-2");
        String uuid = card.get("uuid").asText();
        double before = count("DOSE-2", "overridden");
        double accepted = count("DOSE-2", "accepted");
        String body = """
                {"feedback":[{"card":"%s","outcome":"overridden","overrideReason":{"userComment":"Weight today 79.5 kg, Mr Miller"},
                 "outcomeTimestamp":"2026-01-10T00:32:00Z"}]}""".formatted(uuid);
        assertThat(cds.post("/cds-services/inotuzumab-order-sign/feedback", body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json")).status()).isEqualTo(200);
        assertThat(count("DOSE-2", "overridden")).isEqualTo(before + 1);
        assertThat(count("DOSE-2", "accepted")).isEqualTo(accepted);

        var scrape = cds.get("/actuator/prometheus", Map.of());
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body()).containsPattern("inocds_feedback_total\\{outcome=\"overridden\",rule=\"DOSE-2\"} [1-9]")
                .containsPattern("inocds_feedback_total\\{outcome=\"accepted\",rule=\"HEP-2\"} 0");
        // no label of any meter holds what identifies a patient, a card, a call or a person
        var labels = Pattern.compile("\\{([^}]*)}").matcher(scrape.body());
        while (labels.find()) {
            assertThat(labels.group(1)).doesNotContain("demo-us-c1d1", uuid, hookInstance, "Miller", "79.5", "anonymous");
        }
    }
}
