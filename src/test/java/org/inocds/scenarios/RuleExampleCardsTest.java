package org.inocds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.inocds.cards.RuleExamples;
import org.inocds.rules.RuleId;
import org.inocds.support.CdsHttp;
import org.junit.jupiter.api.Test;

/**
 * Writes and checks the example cards of the rule pages ({@code src/main/resources/rule-examples.json}, read by
 * {@code cards/RuleExamples}): for each rule, the first scenario patient whose answer holds a card naming it — called
 * over HTTP with the full prefetch and the default settings, as {@link ScenarioTest} calls it — and that card in English
 * and Japanese. The scenarios are tried in the order of their expectations (those expecting a card of the rule first;
 * the original stories, "s", before the others), so a rule named only beside another (on one card) is found too. When
 * a rule or a card text changes, run with {@code -Dinocds.write-docs=true} and commit the file.
 */
class RuleExampleCardsTest extends ScenarioHttpTest {

    private static final RuleExamples EXAMPLES = new RuleExamples();
    private static final String NO_SCENARIO = "no-scenario";
    private static final Path FILE = Path.of("src/main/resources", RuleExamples.RESOURCE);

    @Test
    void theStoredExampleCardsAreTheOnesTheServiceAnswers() throws Exception {
        List<String> ids = ScenarioFiles.ids().sorted(Comparator.comparing((String id) -> !id.startsWith("s")).thenComparing(id -> id)).toList();
        Map<String, Set<String>> expectedRules = new LinkedHashMap<>();
        for (String id : ids) {
            JsonNode expect = ScenarioFiles.expectation(id);
            List<String> names = new ArrayList<>();
            expect.path("cards").fieldNames().forEachRemaining(names::add);
            expectedRules.put(id, Set.copyOf(names));
        }
        ObjectNode examples = CdsHttp.object();
        Map<String, JsonNode> chosen = new LinkedHashMap<>();
        // first the scenarios that expect a card of a rule still without an example, then any other
        for (boolean pass : List.of(true, false)) {
            for (RuleId rule : RuleId.values()) {
                if (chosen.containsKey(rule.code()) || !pass && !NO_SCENARIO.equals(EXAMPLES.whyNone(rule))) {
                    continue; // no patient record makes a failing server or a failing family: not looked for
                }
                for (String id : ids) {
                    if (pass != expectedRules.get(id).contains(rule.code())) {
                        continue;
                    }
                    JsonNode expect = loaded(id);
                    var en = prefetched(id, expect, "en");
                    JsonNode card = cardNaming(en.json(), rule);
                    if (card == null) {
                        continue;
                    }
                    int index = indexOf(en.json(), card);
                    JsonNode ja = prefetched(id, expect, "ja").json().path("cards").path(index);
                    ObjectNode example = CdsHttp.object();
                    example.put("scenario", id);
                    example.put("hook", expect.get("hook").asText());
                    example.putObject("cards").set("en", shown(card));
                    ((ObjectNode) example.get("cards")).set("ja", shown(ja));
                    chosen.put(rule.code(), example);
                    // the same card names other rules: it is their example too, unless they have one already
                    for (JsonNode other : card.at("/extension/inocds.finding/rules")) {
                        chosen.putIfAbsent(other.asText(), example);
                    }
                    break;
                }
            }
            if (!pass) {
                break;
            }
        }
        for (RuleId rule : RuleId.values()) {
            if (chosen.containsKey(rule.code())) {
                examples.set(rule.code(), chosen.get(rule.code()));
            }
        }
        ObjectNode file = CdsHttp.object();
        file.put("about", "Written by scenarios/RuleExampleCardsTest (-Dinocds.write-docs=true): one card per rule as the service answered"
                + " a scenario patient, default settings, English and Japanese.");
        file.set("examples", examples);
        String written = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(file) + "\n";
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", RuleExamples.RESOURCE), written, StandardCharsets.UTF_8);
        if (Boolean.getBoolean("inocds.write-docs")) {
            Files.writeString(FILE, written, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(FILE)).as(FILE + " exists (write it with -Dinocds.write-docs=true)").isTrue();
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
                .as(FILE + " is out of date: rewrite it with -Dinocds.write-docs=true (the new file is in target/)").isEqualTo(written);
        var missing = java.util.Arrays.stream(RuleId.values()).map(RuleId::code).filter(c -> !chosen.containsKey(c))
                .collect(Collectors.toList());
        assertThat(missing).as("rules with no example card").containsExactlyInAnyOrder("DQ-2", "DQ-3", "DQ-5");
    }

    private CdsHttp.Answer prefetched(String id, JsonNode expect, String lang) {
        String service = "inotuzumab-" + expect.get("hook").asText();
        var request = org.inocds.support.HookRequests.withFullPrefetch(ScenarioFiles.request(id, expect.get("hook").asText(), expect), cds, service);
        if (expect.path("prefetchWithFhirServer").asBoolean(false)) {
            request.put("fhirServer", cds.fhirBase());
        }
        return cds.call(service, request, lang);
    }

    private static JsonNode cardNaming(JsonNode answer, RuleId rule) {
        for (JsonNode card : answer.path("cards")) {
            for (JsonNode r : card.at("/extension/inocds.finding/rules")) {
                if (r.asText().equals(rule.code())) {
                    return card;
                }
            }
        }
        return null;
    }

    private static int indexOf(JsonNode answer, JsonNode card) {
        int i = 0;
        for (JsonNode c : answer.path("cards")) {
            if (c == card) {
                return i;
            }
            i++;
        }
        throw new IllegalStateException("card not in its answer");
    }

    /** What the rule page shows of a card. */
    private static ObjectNode shown(JsonNode card) {
        ObjectNode out = CdsHttp.object();
        out.put("indicator", card.path("indicator").asText());
        out.put("summary", card.path("summary").asText());
        out.put("detail", card.path("detail").asText());
        var suggestions = out.putArray("suggestions");
        card.path("suggestions").forEach(s -> suggestions.add(s.path("label").asText()));
        var reasons = out.putArray("overrideReasons");
        card.path("overrideReasons").forEach(r -> reasons.add(r.path("display").asText()));
        return out;
    }
}
