package org.inocds.cards;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of a CDS Hooks 2.0 answer: cards, suggestions, actions, links (the discovery document is
 * {@code cdshooks/CdsServicesController.Discovery}). Empty and null members are left out: the spec forbids
 * null or empty values except {@code cards: []} and {@code services: []}.
 */
public final class CdsJson {

    private CdsJson() {}

    public record Response(@JsonInclude(JsonInclude.Include.ALWAYS) List<Card> cards) {
        public static Response none() {
            return new Response(List.of());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Card(
            String uuid,
            String summary,
            String detail,
            String indicator,
            Source source,
            List<Suggestion> suggestions,
            String selectionBehavior,
            List<Coding> overrideReasons,
            List<Link> links,
            Map<String, Object> extension) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Source(String label, String url, Coding topic) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Coding(String system, String code, String display) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Suggestion(String label, String uuid, Boolean isRecommended, List<Action> actions) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Action(String type, String description, ObjectNode resource, String resourceId) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Link(String label, String url, String type, String appContext) {
        public Link(String label, String url, String type) {
            this(label, url, type, null);
        }
    }
}
