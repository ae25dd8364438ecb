package org.inocds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenario patients of fhir-resources/scenarios/ over HTTP, each run twice — with the full prefetch, and
 * with no prefetch, the service fetching from the embedded FHIR server — and held to the same exact cards:
 * which rules, at which indicator, with which topic and expected dose.
 */
class ScenarioTest extends ScenarioHttpTest {

    private static final java.util.List<String> URGENCY = java.util.List.of("info", "warning", "critical");

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inocds.scenarios.ScenarioFiles#ids")
    void scenarioGivesTheExpectedCardsBothWays(String id) throws IOException {
        JsonNode expect = loaded(id);
        var prefetched = prefetched(id, expect);
        var fetched = fetchedFrom(cds.fhirBase(), id, expect);
        assertThat(prefetched.status()).as(prefetched.body()).isEqualTo(200);
        assertThat(fetched.status()).as(fetched.body()).isEqualTo(200);
        assertThat(org.inocds.support.Cards.withoutIds(fetched.json())).as(id + ": fetch and prefetch differ").isEqualTo(org.inocds.support.Cards.withoutIds(prefetched.json()));

        Map<String, String> cards = new LinkedHashMap<>();
        Map<String, JsonNode> byRule = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (JsonNode card : prefetched.json().get("cards")) {
            String rule = card.at("/extension/inocds.finding/rules/0").asText();
            // several cards of one rule (a hold beside a waiver, one per draft of an order set): the most urgent stands for it
            if (!cards.containsKey(rule) || URGENCY.indexOf(card.get("indicator").asText()) > URGENCY.indexOf(cards.get(rule))) {
                cards.put(rule, card.get("indicator").asText());
                byRule.put(rule, card);
            }
            counts.merge(rule, 1, Integer::sum);
        }
        Map<String, String> expectedCards = new LinkedHashMap<>();
        expect.get("cards").fields().forEachRemaining(e -> expectedCards.put(e.getKey(), e.getValue().asText()));
        assertThat(cards).as(id + " — " + expect.get("title").asText()).containsExactlyInAnyOrderEntriesOf(expectedCards);

        // one decisive answer (docs/design.md "Precedence"): beside a stop, no suggestion but withdrawing the order, no checklist
        boolean stop = false;
        for (JsonNode card : prefetched.json().get("cards")) {
            stop |= isStop(card);
        }
        if (stop) {
            for (JsonNode card : prefetched.json().get("cards")) {
                assertThat(card.at("/extension/inocds.finding/rules/0").asText()).as(id + ": no start checklist beside a stop").isNotEqualTo("START-1");
                card.path("suggestions").forEach(sg -> sg.path("actions").forEach(a ->
                        assertThat(a.get("type").asText()).as(id + ": beside a stop only withdrawing the order").isEqualTo("delete")));
            }
        }
        // exactly one action per suggestion: what CDS Hooks allows and what Epic requires (issue 26)
        for (JsonNode card : prefetched.json().get("cards")) {
            card.path("suggestions").forEach(sg -> assertThat(sg.path("actions")).as(id + ": one action per suggestion").hasSize(1));
        }
        // a dose change must change the dose: proposing the dose already ordered (w17: the expected dose when the cycle's
        // cap is already spent) reads as a correction and corrects nothing
        for (JsonNode card : prefetched.json().get("cards")) {
            JsonNode ordered = card.at("/extension/inocds.finding/orderedDoseMg");
            card.path("suggestions").forEach(sg -> sg.path("actions").forEach(a -> {
                JsonNode proposed = a.at("/resource/dosageInstruction/0/doseAndRate/0/doseQuantity/value");
                if (a.path("type").asText().equals("update") && proposed.isNumber() && ordered.isNumber()) {
                    assertThat(proposed.decimalValue()).as(id + " " + card.get("summary").asText() + ": a dose change to the dose ordered")
                            .isNotEqualByComparingTo(ordered.decimalValue());
                }
            }));
        }
        // optional: how many cards of a rule (an order set gives one per draft)
        expect.path("cardCounts").fields().forEachRemaining(e ->
                assertThat(counts.getOrDefault(e.getKey(), 0)).as(id + " cards of " + e.getKey()).isEqualTo(e.getValue().asInt()));
        // optional: fields of a rule's inocds.finding extension; null means the field is absent (e.g. no expected mg)
        expect.path("extension").fields().forEachRemaining(rule -> rule.getValue().fields().forEachRemaining(field -> {
            JsonNode actual = byRule.get(rule.getKey()).at("/extension/inocds.finding/" + field.getKey());
            if (field.getValue().isNull()) {
                assertThat(actual.isMissingNode()).as(id + " " + rule.getKey() + "." + field.getKey() + " absent, was " + actual).isTrue();
            } else if (field.getValue().isNumber()) {
                assertThat(actual.decimalValue()).as(id + " " + rule.getKey() + "." + field.getKey()).isEqualByComparingTo(field.getValue().decimalValue());
            } else {
                assertThat(actual.asText()).as(id + " " + rule.getKey() + "." + field.getKey()).isEqualTo(field.getValue().asText());
            }
        }));
        expect.get("topics").fields().forEachRemaining(e ->
                assertThat(byRule.get(e.getKey()).at("/source/topic/code").asText()).as(id + " topic").isEqualTo(e.getValue().asText()));
        expect.get("expectedDoseMg").fields().forEachRemaining(e ->
                assertThat(byRule.get(e.getKey()).at("/extension/inocds.finding/expectedDoseMg").decimalValue())
                        .as(id + " expected mg").isEqualByComparingTo(e.getValue().asText()));
        if (expect.hasNonNull("suggestedDoseMg")) {
            BigDecimal suggested = new BigDecimal(expect.get("suggestedDoseMg").asText());
            assertThat(prefetched.json().get("cards")).as(id + " suggestion")
                    .anySatisfy(card -> assertThat(card.at("/suggestions/0/actions/0/resource/dosageInstruction/0/doseAndRate/0/doseQuantity/value")
                            .decimalValue()).isEqualByComparingTo(suggested));
        }
    }

    /** Contraindicated, pregnant, or stopped for good: the order must not be given at all. */
    private static boolean isStop(JsonNode card) {
        String topic = card.at("/source/topic/code").asText();
        return card.get("indicator").asText().equals("critical")
                && (topic.equals("contraindication") || topic.equals("discontinue") || card.at("/extension/inocds.finding/rules/0").asText().equals("ELIG-6"));
    }
}
