package org.inocds.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reading cards in tests: by rule id, and the rule ids of an answer. */
public final class Cards {

    private Cards() {}

    /** The first rule id of each card, in order. */
    public static List<String> rules(JsonNode response) {
        List<String> ids = new ArrayList<>();
        response.get("cards").forEach(c -> ids.add(c.at("/extension/inocds.finding/rules/0").asText()));
        return ids;
    }

    /** The card whose first rule is {@code rule}; fails when there is none. */
    public static JsonNode card(JsonNode response, String rule) {
        for (JsonNode c : response.get("cards")) {
            if (c.at("/extension/inocds.finding/rules/0").asText().equals(rule)) {
                return c;
            }
        }
        throw new AssertionError("no " + rule + " card in " + rules(response));
    }

    /** Cards that ask something of the clinician (warning or critical). */
    public static List<String> alerts(JsonNode response) {
        List<String> ids = new ArrayList<>();
        response.get("cards").forEach(c -> {
            if (!c.get("indicator").asText().equals("info")) {
                ids.add(c.at("/extension/inocds.finding/rules/0").asText());
            }
        });
        return ids;
    }

    /** The same answer without the random ids every card and suggestion gets, to compare two answers. */
    public static JsonNode withoutIds(JsonNode response) {
        JsonNode copy = response.deepCopy();
        for (JsonNode card : copy.get("cards")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) card).remove("uuid");
            for (JsonNode s : card.path("suggestions")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) s).remove("uuid");
            }
        }
        return copy;
    }
}
