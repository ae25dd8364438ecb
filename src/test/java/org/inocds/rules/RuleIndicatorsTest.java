package org.inocds.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The indicators each rule declares ({@link RuleId#indicators()}, listed on the rule pages) hold every card the scenario
 * patients expect (and {@code scenarios/ScenarioTest} holds the service to those expectations): no rule shows a card its
 * page does not name.
 */
class RuleIndicatorsTest {

    @Test
    void everyExpectedCardCarriesAnIndicatorItsRuleDeclares() throws IOException {
        Map<RuleId, Set<Indicator>> seen = new EnumMap<>(RuleId.class);
        ObjectMapper json = new ObjectMapper();
        List<Path> files;
        try (Stream<Path> all = Files.list(Path.of("fhir-resources/scenarios"))) {
            files = all.filter(p -> p.toString().endsWith(".expect.json")).toList();
        }
        assertThat(files).hasSizeGreaterThan(200);
        for (Path file : files) {
            JsonNode cards = json.readTree(file.toFile()).path("cards");
            cards.fields().forEachRemaining(e -> {
                RuleId rule = RuleId.of(e.getKey()).orElseThrow(() -> new AssertionError(file + ": no rule " + e.getKey()));
                Indicator indicator = Indicator.valueOf(e.getValue().asText().toUpperCase(Locale.ROOT));
                assertThat(rule.indicators()).as(file.getFileName() + ": " + rule).contains(indicator);
                seen.computeIfAbsent(rule, r -> EnumSet.noneOf(Indicator.class)).add(indicator);
            });
        }
        // and what a rule declares is seen at least once where a scenario shows the rule first on its card
        for (RuleId rule : List.of(RuleId.DOSE_3, RuleId.HEM_1, RuleId.HEP_2, RuleId.START_1)) {
            assertThat(seen.get(rule)).as(rule.code()).isEqualTo(rule.indicators());
        }
    }
}
