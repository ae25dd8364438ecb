package org.inocds.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.inocds.cdshooks.CdsCaller;
import org.inocds.cdshooks.CdsHttpException;
import org.inocds.cdshooks.CdsRequestReader;
import org.inocds.cdshooks.CdsServiceCatalog;
import org.inocds.cdshooks.RequestBodyBudget;
import org.inocds.observability.ServiceMetrics;
import org.inocds.protocol.FeedbackRequest;
import org.inocds.settings.InocdsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * CDS Hooks 2.0 feedback ({@code POST /cds-services/{id}/feedback}, body {@link FeedbackRequest}). A request is checked
 * whole before anything is stored: one bad entry refuses it all with 400, an accepted suggestion the card never
 * offered included. Feedback is taken only from the client the card was issued to (the verified client; "anonymous"
 * without JWT), with an {@code outcomeTimestamp} between the card's issue and now (within
 * {@code inocds.feedback.outcome-skew}), and at most {@code max-entries-per-client-per-minute} entries a minute per
 * client. One stored row per card and outcome; the later outcome counts in the summary ({@link FeedbackSummaryController}).
 */
@RestController
public class FeedbackController {

    private static final Logger log = LoggerFactory.getLogger(FeedbackController.class);

    private final CdsServiceCatalog catalog;
    private final CdsRequestReader reader;
    private final FeedbackStore store;
    private final RequestBodyBudget bodyBudget;
    private final FeedbackBody body;
    private final Clock clock;
    private final Duration skew;
    private final FeedbackRate rate;
    private final ServiceMetrics metrics;

    public FeedbackController(CdsServiceCatalog catalog, CdsRequestReader reader, FeedbackStore store, RequestBodyBudget bodyBudget,
            Validator validator, AuditClock auditClock, InocdsProperties properties, ServiceMetrics metrics) {
        this.metrics = metrics;
        this.catalog = catalog;
        this.reader = reader;
        this.store = store;
        this.bodyBudget = bodyBudget;
        this.body = new FeedbackBody(validator);
        this.clock = auditClock.clock();
        this.skew = properties.feedback().outcomeSkew();
        this.rate = new FeedbackRate(properties.feedback().maxEntriesPerClientPerMinute(), clock);
    }

    @PostMapping("/cds-services/{id}/feedback")
    public ResponseEntity<Void> feedback(@PathVariable("id") String id, HttpServletRequest http) {
        catalog.find(id).orElseThrow(() -> new CdsHttpException.UnknownService(id));
        try (var charge = bodyBudget.open()) { // the body's bytes count against the budget until it is answered
            return feedback(id, reader.readJsonObject(http, charge), http);
        }
    }

    private ResponseEntity<Void> feedback(String id, ObjectNode body, HttpServletRequest http) {
        FeedbackRequest request = this.body.request(body);
        String givenBy = CdsCaller.of(http);
        if (!rate.allow(givenBy.equals(CdsCaller.ANONYMOUS) ? http.getRemoteAddr() : givenBy, request.feedback().size())) {
            throw new CdsHttpException.TooManyRequests("more feedback entries from this client than it may post in a minute; retry later");
        }
        Instant now = Instant.now(clock);
        List<FeedbackItem> items = new ArrayList<>();
        List<String> rules = new ArrayList<>(); // the rule of each entry's card, for the feedback metric
        for (JsonNode entry : request.feedback()) {
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

    private FeedbackItem item(JsonNode posted) {
        FeedbackRequest.Entry e = body.entry(posted);
        var coding = e.reasonCoding();
        return new FeedbackItem(e.card(), e.outcome().json(), e.acceptedSuggestionIds(), coding.map(FeedbackRequest.Coding::system),
                coding.map(FeedbackRequest.Coding::code), e.hadComment(), OffsetDateTime.parse(e.outcomeTimestamp()).toInstant());
    }
}
