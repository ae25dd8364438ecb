package org.inocds.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.inocds.support.CdsHttp;
import org.inocds.support.CdsSchemas;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The schemas every test response is held to do reject what the spec forbids. */
class CdsSchemaTest {

    private static final String GOOD_CARD = """
            {"uuid":"u","summary":"s","indicator":"warning","source":{"label":"l","url":"http://x/rules/A-1",
             "topic":{"system":"http://t","code":"dose"}},
             "suggestions":[{"label":"x","uuid":"v","actions":[{"type":"delete","description":"d","resourceId":"MedicationRequest/1"}]}],
             "selectionBehavior":"at-most-one",
             "overrideReasons":[{"system":"http://o","code":"c","display":"Reason"}],
             "links":[{"label":"t","url":"http://x/t","type":"absolute"}],
             "extension":{"inocds.finding":{"rules":["DOSE-2"]}}}""";

    @Test
    void aCompleteCardAndAnEmptyCardListAreValid() {
        assertThat(CdsSchemas.violations(CdsSchemas.RESPONSE, wrap(GOOD_CARD))).isEmpty();
        assertThat(CdsSchemas.violations(CdsSchemas.RESPONSE, CdsHttp.parse("{\"cards\":[]}"))).isEmpty();
    }

    @ParameterizedTest(name = "rejects: {0}")
    @ValueSource(strings = {
        "\"detail\":null",
        "\"detail\":\"\"",
        "\"links\":[]",
        "\"extension\":{}",
        "\"indicator\":\"hard-stop\"",
        "\"summary\":\"0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678X\"",
        "\"selectionBehavior\":null",
        "\"overrideReasons\":[{\"system\":\"http://o\",\"code\":\"c\"}]",
        "\"links\":[{\"label\":\"t\",\"url\":\"http://x/t\",\"type\":\"absolute\",\"appContext\":\"a\"}]",
        "\"links\":[{\"label\":\"t\",\"url\":\"/relative\",\"type\":\"absolute\"}]",
        "\"suggestions\":[{\"label\":\"x\",\"actions\":[{\"type\":\"update\",\"description\":\"d\"}]}]",
        "\"source\":{\"label\":\"l\",\"url\":\"http://x\",\"topic\":{\"code\":\"dose\"}}"
    })
    void rejects(String override) {
        String key = override.substring(1, override.indexOf('"', 1));
        var card = (com.fasterxml.jackson.databind.node.ObjectNode) CdsHttp.parse(GOOD_CARD);
        card.set(key, CdsHttp.parse("{" + override + "}").get(key));
        assertThat(CdsSchemas.violations(CdsSchemas.RESPONSE, wrap(card.toString()))).isNotEmpty();
    }

    @Test
    void suggestionsWithoutSelectionBehaviorAreRejected() {
        var card = (com.fasterxml.jackson.databind.node.ObjectNode) CdsHttp.parse(GOOD_CARD);
        card.remove("selectionBehavior");
        assertThat(CdsSchemas.violations(CdsSchemas.RESPONSE, wrap(card.toString()))).isNotEmpty();
    }

    @Test
    void feedbackSchemaFollowsTheSpec() {
        var accepted = CdsHttp.parse("""
                {"feedback":[{"card":"4e0a3a1e","outcome":"accepted","acceptedSuggestions":[{"id":"e56e"}],
                  "outcomeTimestamp":"2021-12-11T10:05:31Z"}]}""");
        var overridden = CdsHttp.parse("""
                {"feedback":[{"card":"9368","outcome":"overridden","overrideReason":{"reason":{"code":"d7","system":"https://e"},
                  "userComment":"c"},"outcomeTimestamp":"2020-12-11T00:00:00.52Z"}]}""");
        assertThat(CdsSchemas.violations(CdsSchemas.FEEDBACK, accepted)).isEmpty();
        assertThat(CdsSchemas.violations(CdsSchemas.FEEDBACK, overridden)).isEmpty();
        var acceptedWithoutSuggestions = CdsHttp.parse("""
                {"feedback":[{"card":"c","outcome":"accepted","outcomeTimestamp":"2021-12-11T10:05:31Z"}]}""");
        var badOutcome = CdsHttp.parse("""
                {"feedback":[{"card":"c","outcome":"ignored","outcomeTimestamp":"2021-12-11T10:05:31Z"}]}""");
        var noTimestamp = CdsHttp.parse("{\"feedback\":[{\"card\":\"c\",\"outcome\":\"overridden\"}]}");
        var empty = CdsHttp.parse("{\"feedback\":[]}");
        for (JsonNode bad : new JsonNode[] {acceptedWithoutSuggestions, badOutcome, noTimestamp, empty}) {
            assertThat(CdsSchemas.violations(CdsSchemas.FEEDBACK, bad)).as(bad.toString()).isNotEmpty();
        }
    }

    private static JsonNode wrap(String card) {
        return CdsHttp.parse("{\"cards\":[" + card + "]}");
    }
}
