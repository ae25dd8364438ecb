package org.inocds.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.feedback.AuditClock;
import org.inocds.feedback.FeedbackItem;
import org.inocds.feedback.FeedbackRate;
import org.inocds.feedback.FeedbackStore;
import org.inocds.observability.ServiceMetrics;
import org.inocds.security.LogSafe;
import org.inocds.security.VerifiedClient;
import org.inocds.settings.InocdsProperties;
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
 * offered included. Feedback is taken only from the client the card was issued to (the verified client; "anonymous"
 * without JWT), with an {@code outcomeTimestamp} between the card's issue and now (within
 * {@code inocds.feedback.outcome-skew}), and at most {@code max-entries-per-client-per-minute} entries a minute per
 * client. One stored row per card and outcome; the later outcome counts in the summary.
 */
@RestController
public class FeedbackController {

    private static final Logger log = LoggerFactory.getLogger(FeedbackController.class);
    private static final int MAX_ENTRIES = 500;

    private final CdsServiceCatalog catalog;
    private final CdsRequestReader reader;
    private final FeedbackStore store;

    private final RequestBodyBudget bodyBudget;
    private final Clock clock;
    private final Duration skew;
    private final FeedbackRate rate;
    private final ServiceMetrics metrics;

    public FeedbackController(CdsServiceCatalog catalog, CdsRequestReader reader, FeedbackStore store, RequestBodyBudget bodyBudget,
            AuditClock auditClock, InocdsProperties properties, ServiceMetrics metrics) {
        this.metrics = metrics;
        this.bodyBudget = bodyBudget;
        this.clock = auditClock.clock();
        this.skew = properties.feedback().outcomeSkew();
        this.rate = new FeedbackRate(properties.feedback().maxEntriesPerClientPerMinute(), clock);
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
        String givenBy = clientOf(http);
        if (!rate.allow(givenBy.equals(ANONYMOUS) ? http.getRemoteAddr() : givenBy, entries.size())) {
            throw new CdsHttpException.TooManyRequests("more feedback entries from this client than it may post in a minute; retry later");
        }
        Instant now = Instant.now(clock);
        List<FeedbackItem> items = new ArrayList<>();
        List<String> rules = new ArrayList<>(); // the rule of each entry's card, for the feedback metric
        for (JsonNode entry : entries) {
            FeedbackItem item = item(entry);
            var issued = store.issued(item.cardUuid())
                    // a card issued to another client is answered as unknown: no client learns of another's cards
                    .filter(card -> card.issuedTo().equals(givenBy))
                    .orElseThrow(() -> new CdsHttpException.BadRequest("feedback for a card this service did not issue to this client"));
            if (!issued.serviceId().equals(id)) {
                throw new CdsHttpException.BadRequest("the card was issued by another service");
            }
            if (!issued.suggestionIds().containsAll(item.acceptedSuggestions())) {
                throw new CdsHttpException.BadRequest("feedback.acceptedSuggestions names a suggestion the card did not offer");
            }
            if (item.outcomeAt().isAfter(now.plus(skew)) || item.outcomeAt().isBefore(issued.issuedAt().minus(skew))) {
                throw new CdsHttpException.BadRequest("feedback.outcomeTimestamp must lie between the card's issue and now (within "
                        + skew.toSeconds() + " s)");
            }
            items.add(item);
            rules.add(issued.primaryRule());
        }
        int stored = store.store(id, givenBy, items);
        for (int i = 0; i < items.size(); i++) {
            metrics.feedbackGiven(rules.get(i), items.get(i).outcome());
        }
        log.info("feedback service={} entries={} new={}", id, items.size(), stored);
        return ResponseEntity.ok().build();
    }

    private static final String ANONYMOUS = "anonymous";

    /** Who a call comes from, as issued cards and feedback record it: the verified client, else "anonymous". */
    static String clientOf(HttpServletRequest http) {
        // at most 291 characters: within the 300 of issued_card.issued_to and card_feedback.given_by
        return VerifiedClient.of(http).map(c -> LogSafe.of(c.issuer() + " " + c.subject(), 290)).orElse(ANONYMOUS);
    }

    @GetMapping(value = "/admin/feedback-summary", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> summary() {
        return Map.of("rules", store.summary());
    }

    private static FeedbackItem item(JsonNode e) {
        if (!e.isObject()) {
            throw new CdsHttpException.BadRequest("each feedback entry must be an object");
        }
        String card = text(e, "card", 36);
        if (!card.matches("[0-9a-fA-F\\-]{36}")) {
            throw new CdsHttpException.BadRequest("feedback.card must be a card uuid");
        }
        String outcome = text(e, "outcome", 20);
        if (!FeedbackItem.OUTCOMES.contains(outcome)) {
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
                if (!accepted.contains(s.path("id").asText())) { // each once: what is stored is at most what the card offered
                    accepted.add(s.path("id").asText());
                }
            }
        } else if (suggestions != null) {
            throw new CdsHttpException.BadRequest("feedback.acceptedSuggestions belongs to accepted outcomes only");
        }
        OverrideGiven reason = overrideReason(e);
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(text(e, "outcomeTimestamp", 64));
        } catch (DateTimeParseException ex) {
            throw new CdsHttpException.BadRequest("feedback.outcomeTimestamp must be an RFC 3339 date-time");
        }
        return new FeedbackItem(card, outcome, accepted, reason.system(), reason.code(), reason.comment(), at.toInstant());
    }

    /**
     * Epic acknowledgement reasons come as a category number in Epic's extension block, with no code system of their
     * own: they are recorded under this system of ours, the category as the code (docs/design.md "Feedback").
     */
    public static final String EPIC_ACKNOWLEDGEMENT_REASON = "http://inocds.org/fhir/CodeSystem/epic-acknowledgement-reason";
    static final String EPIC_REASON_CATEGORY = "com.epic.cdshooks.feedback.overrideReason.reasonCategory";

    /** The override reason of one entry: its coding, when one was given, and whether a comment was written. */
    private record OverrideGiven(Optional<String> system, Optional<String> code, boolean comment) {}

    /**
     * CDS Hooks 2.0 {@code overrideReason: {reason: Coding, userComment}}, or Epic's {@code overrideReasons} (plural,
     * one object) whose reason may be a Coding or only the category in its {@code extension} block. When both are
     * given, the spec's counts. Unknown keys, here and in Epic's block, are tolerated.
     */
    private static OverrideGiven overrideReason(JsonNode e) {
        String field = e.has("overrideReason") ? "overrideReason" : "overrideReasons";
        JsonNode reason = e.get(field);
        if (reason == null) {
            return new OverrideGiven(Optional.empty(), Optional.empty(), false);
        }
        if (!reason.isObject()) {
            throw new CdsHttpException.BadRequest("feedback." + field + " must be an object");
        }
        Optional<String> system = Optional.empty();
        Optional<String> code = Optional.empty();
        JsonNode coding = reason.get("reason");
        if (coding != null) {
            system = Optional.of(text(coding, "system", 300));
            code = Optional.of(text(coding, "code", 200));
        } else if (field.equals("overrideReasons") && reason.path("extension").has(EPIC_REASON_CATEGORY)) {
            JsonNode category = reason.path("extension").get(EPIC_REASON_CATEGORY);
            if (!category.isValueNode() || category.isNull()) {
                throw new CdsHttpException.BadRequest("feedback.overrideReasons.extension." + EPIC_REASON_CATEGORY + " must be a string");
            }
            system = Optional.of(EPIC_ACKNOWLEDGEMENT_REASON);
            code = Optional.of(text("overrideReasons.extension." + EPIC_REASON_CATEGORY, 200, category.asText()));
        }
        JsonNode userComment = reason.get("userComment");
        if (userComment != null && !userComment.isTextual()) {
            throw new CdsHttpException.BadRequest("feedback." + field + ".userComment must be a string");
        }
        return new OverrideGiven(system, code, userComment != null && !userComment.asText().isBlank());
    }

    /** A required string of at most {@code max} characters: what the database column holds, checked before any is stored. */
    private static String text(JsonNode node, String field, int max) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new CdsHttpException.BadRequest("feedback." + field + " must be a non-empty string");
        }
        return text(field, max, v.asText());
    }

    private static String text(String field, int max, String value) {
        if (value.isBlank()) {
            throw new CdsHttpException.BadRequest("feedback." + field + " must be a non-empty string");
        }
        if (value.length() > max) {
            throw new CdsHttpException.BadRequest("feedback." + field + " is longer than " + max + " characters");
        }
        return value;
    }
}
