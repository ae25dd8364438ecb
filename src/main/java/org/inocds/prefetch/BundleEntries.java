package org.inocds.prefetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** Reads a searchset Bundle as JSON: its resources and its {@code next} link. */
final class BundleEntries {

    private BundleEntries() {}

    /**
     * Adds the Bundle's entry resources to {@code into}. Entries whose search mode is {@code outcome} are
     * server messages about the search, not patient data, and are left out.
     */
    static void addResources(ObjectNode bundle, List<ObjectNode> into) {
        for (JsonNode entry : bundle.path("entry")) {
            if ("outcome".equals(entry.path("search").path("mode").asText())) {
                continue;
            }
            if (entry.get("resource") instanceof ObjectNode resource) {
                into.add(resource);
            }
        }
    }

    static Optional<String> nextLink(ObjectNode bundle) {
        for (JsonNode link : bundle.path("link")) {
            if ("next".equals(link.path("relation").asText()) && link.path("url").isTextual()) {
                return Optional.of(link.path("url").asText());
            }
        }
        return Optional.empty();
    }
}
