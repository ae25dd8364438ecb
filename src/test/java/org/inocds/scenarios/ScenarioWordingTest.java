package org.inocds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.withFullPrefetch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the cards of a scenario say, for the scenarios whose expectation carries a {@code wording} block: per
 * language ({@code en}, {@code ja}) and rule, words a summary or detail must hold or must not hold, and words no
 * text of the answer may hold ({@code allTextsExclude}). A reader judges a card by its words first; these hold
 * the words to what the patient's record says. Each answer is written to {@code target/scenario-cards/} so that a
 * reviewer can read what the cards said.
 *
 * <pre>
 * "wording": {
 *   "en": { "HEM-1": { "summaryIncludes": ["900"], "summaryExcludes": ["50,000"], "detailIncludes": [], "detailExcludes": [] },
 *           "allTextsExclude": ["Condition/"] },
 *   "ja": { ... }
 * }
 * </pre>
 */
class ScenarioWordingTest extends ScenarioHttpTest {

    static Stream<String> worded() throws IOException {
        List<String> ids = new ArrayList<>();
        for (String id : ScenarioFiles.ids().toList()) {
            if (ScenarioFiles.expectation(id).has("wording")) {
                ids.add(id);
            }
        }
        return ids.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("worded")
    void cardsSayWhatTheRecordHolds(String id) throws IOException {
        JsonNode expect = loaded(id);
        String service = "inotuzumab-" + expect.get("hook").asText();
        List<String> failures = new ArrayList<>();
        for (var language : (Iterable<java.util.Map.Entry<String, JsonNode>>) expect.get("wording")::fields) {
            String lang = language.getKey();
            var answer = cds.call(service, withFullPrefetch(ScenarioFiles.request(id, expect.get("hook").asText(), expect), cds, service), lang);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            Path out = Path.of("target/scenario-cards", id + "." + lang + ".json");
            Files.createDirectories(out.getParent());
            Files.writeString(out, answer.json().toPrettyString(), StandardCharsets.UTF_8);
            for (var rule : (Iterable<java.util.Map.Entry<String, JsonNode>>) language.getValue()::fields) {
                if (rule.getKey().equals("allTextsExclude")) {
                    for (JsonNode card : answer.json().get("cards")) {
                        for (String field : List.of("summary", "detail")) {
                            String text = card.path(field).asText();
                            rule.getValue().forEach(word -> {
                                if (text.contains(word.asText())) {
                                    failures.add(lang + " " + rule(card) + " " + field + " holds '" + word.asText() + "': " + text);
                                }
                            });
                        }
                    }
                    continue;
                }
                List<JsonNode> cards = new ArrayList<>();
                answer.json().get("cards").forEach(card -> {
                    if (rule(card).equals(rule.getKey())) {
                        cards.add(card);
                    }
                });
                if (cards.isEmpty()) {
                    failures.add(lang + " " + rule.getKey() + ": no card of this rule");
                    continue;
                }
                for (String field : List.of("summary", "detail")) {
                    String all = String.join("\n", cards.stream().map(c -> c.path(field).asText()).toList());
                    rule.getValue().path(field + "Includes").forEach(word -> {
                        if (!all.contains(word.asText())) {
                            failures.add(lang + " " + rule.getKey() + " " + field + " lacks '" + word.asText() + "': " + all);
                        }
                    });
                    rule.getValue().path(field + "Excludes").forEach(word -> {
                        if (all.contains(word.asText())) {
                            failures.add(lang + " " + rule.getKey() + " " + field + " holds '" + word.asText() + "': " + all);
                        }
                    });
                }
            }
        }
        assertThat(failures).as(id + " — " + expect.get("title").asText()).isEmpty();
    }

    private static String rule(JsonNode card) {
        return card.at("/extension/inocds.finding/rules/0").asText();
    }
}
