package org.inocds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.inocds.protocol.CdsJson;
import org.inocds.rules.Topic;
import org.inocds.settings.InocdsProperties.Dialect;
import org.junit.jupiter.api.Test;

/** Epic's topic codes: letters and digits, at most 100, one per topic and never another topic's. */
class CardDialectTest {

    @Test
    void everyTopicHasItsOwnAlphanumericEpicCode() {
        Set<String> seen = new HashSet<>();
        for (Topic topic : Topic.values()) {
            String code = CardDialect.epicTopic(topic.code());
            assertThat(code).as(topic.code()).matches("[A-Za-z0-9]{1,100}");
            assertThat(seen.add(code)).as(code + " names one topic only").isTrue();
            assertThat(CardDialect.epicTopic(topic.code())).as("the same every time").isEqualTo(code);
        }
        assertThat(CardDialect.epicTopic("hold-hematologic")).isEqualTo("HoldHematologic");
        assertThat(CardDialect.epicTopic("x".repeat(101))).hasSize(100);
        assertThat(CardDialect.epicTopic("x".repeat(100))).hasSize(100);
    }

    @Test
    void theStandardDialectChangesNothingAndEpicsOnlyTopicAndSelection() {
        var topic = new CdsJson.Coding(CardRenderer.TOPIC_SYSTEM, "hold-hematologic", "Hold: haematologic");
        var suggestion = new CdsJson.Suggestion("Withdraw", "s-1", true, List.of(new CdsJson.Action(CdsJson.ActionType.DELETE, "Withdraw", null, "x")));
        var withSuggestion = new CdsJson.Card("c-1", "s", "d", CdsJson.Indicator.WARNING, new CdsJson.Source("l", "u", topic), List.of(suggestion),
                CdsJson.SelectionBehavior.AT_MOST_ONE, List.of(), List.of(), Map.of());
        var without = new CdsJson.Card("c-2", "s", "d", CdsJson.Indicator.INFO, new CdsJson.Source("l", "u", topic), List.of(), null, List.of(),
                List.of(), Map.of());
        var response = new CdsJson.Response(List.of(withSuggestion, without));
        assertThat(CardDialect.apply(Dialect.STANDARD, response)).isSameAs(response);
        var epic = CardDialect.apply(Dialect.EPIC, response).cards();
        assertThat(epic.get(0).selectionBehavior()).isEqualTo(CdsJson.SelectionBehavior.ANY);
        assertThat(epic.get(0).source().topic()).isEqualTo(new CdsJson.Coding(CardRenderer.TOPIC_SYSTEM, "HoldHematologic", "Hold: haematologic"));
        assertThat(epic.get(0).suggestions()).isEqualTo(withSuggestion.suggestions());
        assertThat(epic.get(1).selectionBehavior()).isNull();
        assertThat(epic.get(1)).usingRecursiveComparison().ignoringFields("source").isEqualTo(without);
    }
}
