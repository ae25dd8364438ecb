package org.inocds.cards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.inocds.rules.RuleId;
import org.springframework.stereotype.Component;

/**
 * An example card for each rule that produces one, as the service really answered it: the first scenario patient (the
 * tested patients of {@code fhir-resources/scenarios}) whose answer carries a card naming the rule, called over HTTP with
 * the default settings, in both languages. Written to {@code rule-examples.json} by {@code scenarios/RuleExampleCardsTest}
 * (run with {@code -Dinocds.write-docs=true} after a rule or a card text changes), which fails while the stored cards
 * differ from what the service answers; a rule no patient record can make fire is named with the reason
 * ({@link #whyNone}).
 */
@Component
public class RuleExamples {

    /** Where the cards are kept, on the classpath. */
    public static final String RESOURCE = "rule-examples.json";

    /** A card as the service answered it, in one language. */
    public record Card(String indicator, String summary, String detail, List<String> suggestions, List<String> overrideReasons) {}

    /** The example of a rule: the scenario patient, the hook called, and the card. */
    public record Example(String scenario, String hook, Card card) {}

    private final JsonNode stored;

    public RuleExamples() {
        try (InputStream in = RuleExamples.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            stored = in == null ? new ObjectMapper().createObjectNode() : new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + " could not be read", e);
        }
    }

    /** The rule's example card in this language, when it has one. */
    public Optional<Example> of(RuleId rule, Locale locale) {
        JsonNode e = stored.path("examples").path(rule.code());
        // only the language the card was captured in: another language's words on this page would not be this page's
        JsonNode card = e.path("cards").path(locale.getLanguage());
        if (card.isMissingNode()) {
            return Optional.empty();
        }
        return Optional.of(new Example(e.path("scenario").asText(), e.path("hook").asText(), new Card(card.path("indicator").asText(),
                card.path("summary").asText(), card.path("detail").asText(), texts(card.path("suggestions")),
                texts(card.path("overrideReasons")))));
    }

    /** Whether the rule has an example in some language (captured in the languages of the day, not in one added since). */
    public boolean hasAny(RuleId rule) {
        return stored.path("examples").has(rule.code());
    }

    /**
     * Why a rule has no example ({@code rule-page.no-example.<reason>} in the bundles): a failing or truncating FHIR server
     * (DQ-2, DQ-3) or a failing rule family (DQ-5) is no patient record, and the tests that show them are named there; any
     * other rule without one has no scenario patient yet.
     */
    public String whyNone(RuleId rule) {
        return switch (rule) {
            case DQ_2, DQ_3 -> "fhir-server";
            case DQ_5 -> "engine";
            default -> "no-scenario";
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
