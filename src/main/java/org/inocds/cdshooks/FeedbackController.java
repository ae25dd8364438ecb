package org.inocds.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.feedback.FeedbackItem;
import org.inocds.feedback.FeedbackStore;
import org.inocds.security.LogSafe;
import org.inocds.security.VerifiedClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * CDS Hooks 2.0 feedback ({@code POST /cds-services/{id}/feedback}, body {@code {"feedback": [...]}}) and the
 * summary of accept and override rates per rule ({@code GET /admin/feedback-summary}). A request is checked
 * whole before anything is stored: one bad entry refuses it all with 400, an accepted suggestion the card never
 * offered included. Each user (the verified client; "anonymous" without JWT) has one outcome per card: the later
 * entry wins in the summary.
 */
@RestController
public class FeedbackController {

    private static final Logger log = LoggerFactory.getLogger(FeedbackController.class);
    private static final int MAX_ENTRIES = 500;

    private final CdsServiceCatalog catalog;
    private final CdsRequestReader reader;
    private final FeedbackStore store;

    private final RequestBodyBudget bodyBudget;

    public FeedbackController(CdsServiceCatalog catalog, CdsRequestReader reader, FeedbackStore store, RequestBodyBudget bodyBudget) {
        this.bodyBudget = bodyBudget;
        this.catalog = catalog;
        this.reader = reader;
        this.store = store;
    }

    @PostMapping("/cds-services/{id}/feedback")
    public ResponseEntity<Void> feedback(@PathVariable("id") String id, HttpServletRequest http) {
        catalog.find(id).orElseThrow(() -> new CdsHttpException.UnknownService(id));
        try (var charge = bodyBudget.open()) { // the body's bytes count against the budget until it is answered
            return feedback(id, reader.readJsonObject(http, charge), http);
        }
    }

    private ResponseEntity<Void> feedback(String id, ObjectNode body, HttpServletRequest http) {
        JsonNode entries = body.get("feedback");
        if (entries == null || !entries.isArray() || entries.isEmpty()) {
            throw new CdsHttpException.BadRequest("feedback must be a non-empty array");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new CdsHttpException.BadRequest("at most " + MAX_ENTRIES + " feedback entries per request");
        }
        List<FeedbackItem> items = new ArrayList<>();
        for (JsonNode entry : entries) {
            FeedbackItem item = item(entry);
            var issued = store.issued(item.cardUuid())
                    .orElseThrow(() -> new CdsHttpException.BadRequest("feedback for a card this service did not issue"));
            if (!issued.serviceId().equals(id)) {
                throw new CdsHttpException.BadRequest("the card was issued by another service");
            }
            if (!issued.suggestionIds().containsAll(item.acceptedSuggestions())) {
                throw new CdsHttpException.BadRequest("feedback.acceptedSuggestions names a suggestion the card did not offer");
            }
            items.add(item);
        }
        String givenBy = VerifiedClient.of(http).map(c -> LogSafe.of(c.issuer() + " " + c.subject())).orElse("anonymous");
        int stored = store.store(id, givenBy, items);
        log.info("feedback service={} entries={} new={}", id, items.size(), stored);
        return ResponseEntity.ok().build();
    }

    @GetMapping(value = "/admin/feedback-summary", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> summary() {
        return Map.of("rules", store.summary());
    }

    private static FeedbackItem item(JsonNode e) {
        if (!e.isObject()) {
            throw new CdsHttpException.BadRequest("each feedback entry must be an object");
        }
        String card = text(e, "card");
        if (!card.matches("[0-9a-fA-F\\-]{36}")) {
            throw new CdsHttpException.BadRequest("feedback.card must be a card uuid");
        }
        String outcome = text(e, "outcome");
        if (!outcome.equals("accepted") && !outcome.equals("overridden")) {
            throw new CdsHttpException.BadRequest("feedback.outcome must be accepted or overridden");
        }
        List<String> accepted = new ArrayList<>();
        JsonNode suggestions = e.get("acceptedSuggestions");
        if (outcome.equals("accepted")) {
            if (suggestions == null || !suggestions.isArray() || suggestions.isEmpty()) {
                throw new CdsHttpException.BadRequest("feedback.acceptedSuggestions is required for accepted outcomes");
            }
            for (JsonNode s : suggestions) {
                if (!s.isObject() || !s.path("id").isTextual() || s.path("id").asText().isBlank() || s.path("id").asText().length() > 64) {
                    throw new CdsHttpException.BadRequest("feedback.acceptedSuggestions[].id must be a suggestion uuid");
                }
                accepted.add(s.path("id").asText());
            }
        } else if (suggestions != null) {
            throw new CdsHttpException.BadRequest("feedback.acceptedSuggestions belongs to accepted outcomes only");
        }
        Optional<String> system = Optional.empty();
        Optional<String> code = Optional.empty();
        boolean comment = false;
        JsonNode reason = e.get("overrideReason");
        if (reason != null) {
            if (!reason.isObject()) {
                throw new CdsHttpException.BadRequest("feedback.overrideReason must be an object");
            }
            JsonNode coding = reason.get("reason");
            if (coding != null) {
                system = Optional.of(text(coding, "system"));
                code = Optional.of(text(coding, "code"));
            }
            JsonNode userComment = reason.get("userComment");
            if (userComment != null && !userComment.isTextual()) {
                throw new CdsHttpException.BadRequest("feedback.overrideReason.userComment must be a string");
            }
            comment = userComment != null && !userComment.asText().isBlank();
        }
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(text(e, "outcomeTimestamp"));
        } catch (DateTimeParseException ex) {
            throw new CdsHttpException.BadRequest("feedback.outcomeTimestamp must be an RFC 3339 date-time");
        }
        return new FeedbackItem(card, outcome, accepted, system, code, comment, at.toInstant());
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank() || v.asText().length() > 300) {
            throw new CdsHttpException.BadRequest("feedback." + field + " must be a non-empty string");
        }
        return v.asText();
    }
}
