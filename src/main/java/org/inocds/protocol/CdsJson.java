package org.inocds.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of a CDS Hooks 2.0 answer: cards, suggestions, actions, links (the discovery document is
 * {@code cdshooks/CdsServicesController.Discovery}; the feedback body is {@link FeedbackRequest}). Empty and null
 * members are left out: the spec forbids null or empty values except {@code cards: []} and {@code services: []}. The
 * members the spec closes to a few values are enums written as the spec's strings.
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
            Indicator indicator,
            Source source,
            List<Suggestion> suggestions,
            SelectionBehavior selectionBehavior,
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
    public record Action(ActionType type, String description, ObjectNode resource, String resourceId) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Link(String label, String url, LinkType type, String appContext) {
        public Link(String label, String url, LinkType type) {
            this(label, url, type, null);
        }
    }

    /** A card's {@code indicator} (CDS Hooks 2.0 "Card Attributes"). */
    public enum Indicator {
        INFO("info"),
        WARNING("warning"),
        CRITICAL("critical");

        private final String json;

        Indicator(String json) {
            this.json = json;
        }

        /** The spec's string, as written on the wire, in the issued-card log and in the metrics' tag. */
        @JsonValue
        public String json() {
            return json;
        }
    }

    /** A card's {@code selectionBehavior}: how many of its suggestions a user may accept. */
    public enum SelectionBehavior {
        AT_MOST_ONE("at-most-one"),
        ANY("any");

        private final String json;

        SelectionBehavior(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    /** A link's {@code type}: a page to open, or a SMART app to launch. */
    public enum LinkType {
        ABSOLUTE("absolute"),
        SMART("smart");

        private final String json;

        LinkType(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    /** A suggestion's action {@code type}. */
    public enum ActionType {
        CREATE("create"),
        UPDATE("update"),
        DELETE("delete");

        private final String json;

        ActionType(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }
}
