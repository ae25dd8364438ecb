package org.inocds.feedback;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.inocds.cdshooks.CdsCaller;
import org.inocds.cdshooks.CdsHttpException;
import org.inocds.cdshooks.CdsRequestReader;
import org.inocds.cdshooks.CdsServiceCatalog;
import org.inocds.cdshooks.RequestBodyBudget;
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

    /** Strict about shapes: a number is not a string, nor an enum's index. */
    private static final ObjectMapper STRICT = strictMapper();

    private final CdsServiceCatalog catalog;
    private final CdsRequestReader reader;
    private final FeedbackStore store;
    private final RequestBodyBudget bodyBudget;
    private final Validator validator;
    private final Clock clock;
    private final Duration skew;
    private final FeedbackRate rate;

    public FeedbackController(CdsServiceCatalog catalog, CdsRequestReader reader, FeedbackStore store, RequestBodyBudget bodyBudget,
            Validator validator, AuditClock auditClock, InocdsProperties properties) {
        this.catalog = catalog;
        this.reader = reader;
        this.store = store;
        this.bodyBudget = bodyBudget;
        this.validator = validator;
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
        FeedbackRequest request = read(body, FeedbackRequest.class, path -> "feedback must be a non-empty array");
        String givenBy = CdsCaller.of(http);
        if (!rate.allow(givenBy.equals(CdsCaller.ANONYMOUS) ? http.getRemoteAddr() : givenBy, request.feedback().size())) {
            throw new CdsHttpException.TooManyRequests("more feedback entries from this client than it may post in a minute; retry later");
        }
        Instant now = Instant.now(clock);
        List<FeedbackItem> items = new ArrayList<>();
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
        }
        int stored = store.store(id, givenBy, items);
        log.info("feedback service={} entries={} new={}", id, items.size(), stored);
        return ResponseEntity.ok().build();
    }

    private FeedbackItem item(JsonNode posted) {
        if (!posted.isObject()) {
            throw new CdsHttpException.BadRequest("each feedback entry must be an object");
        }
        JsonNode entry = posted;
        if (posted.has("overrideReason")) { // both spellings given: the spec's counts, Epic's is not read
            entry = ((ObjectNode) posted).deepCopy().without("overrideReasons");
        }
        FeedbackRequest.Entry e = read(nullsGiven(entry), FeedbackRequest.Entry.class, path -> shapeMessage(posted, path));
        var coding = e.reasonCoding();
        return new FeedbackItem(e.card(), e.outcome().json(), e.acceptedSuggestionIds(), coding.map(FeedbackRequest.Coding::system),
                coding.map(FeedbackRequest.Coding::code), e.hadComment(), OffsetDateTime.parse(e.outcomeTimestamp()).toInstant());
    }

    /** The JSON read into its declared shape, then checked against its declared constraints; the first failure is the 400. */
    private <T> T read(JsonNode json, Class<T> type, java.util.function.Function<List<String>, String> shapeMessage) {
        T value;
        try {
            value = STRICT.treeToValue(json, type);
        } catch (JsonMappingException e) {
            throw new CdsHttpException.BadRequest(shapeMessage.apply(e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[]").toList()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CdsHttpException.BadRequest("malformed feedback");
        }
        Optional<ConstraintViolation<T>> first = validator.validate(value).stream().min(IN_ORDER_CHECKED);
        if (first.isPresent()) {
            throw new CdsHttpException.BadRequest(first.get().getMessage());
        }
        return value;
    }

    /**
     * Which of several failures is answered: the first field as the body declares them, and in a field, presence
     * before length before form — as a reader would check them one after the other.
     */
    private static final List<String> FIELD_ORDER = List.of("feedback", "card", "outcome", "suggestionsGivenWhenAccepted",
            "noSuggestionsUnlessAccepted", "acceptedSuggestions", "id", "overrideReason", "overrideReasons", "reason", "system", "code",
            "categoryAString", "categoryNotBlank", "categoryWithin200", "userComment", "outcomeTimestamp", "outcomeTimestampADateTime");

    private static final Comparator<ConstraintViolation<?>> IN_ORDER_CHECKED = Comparator
            .<ConstraintViolation<?>, String>comparing(v -> positions(v.getPropertyPath()))
            .thenComparingInt(v -> switch (v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName()) {
                case "NotNull", "NotBlank", "NotEmpty" -> 0;
                case "Size" -> 1;
                default -> 2;
            });

    private static String positions(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            int at = node.getName() == null ? FIELD_ORDER.size() : FIELD_ORDER.indexOf(node.getName());
            out.append((char) ('A' + (at < 0 ? FIELD_ORDER.size() : at))).append(node.getIndex() == null ? 0 : node.getIndex());
        }
        return out.toString();
    }

    /**
     * JSON null given for a member is a value, not an absence (a reason given as null is refused, not read as none): it
     * is read as an empty array, which no member takes but a list, where it stands for the list given (and empty).
     */
    private static JsonNode nullsGiven(JsonNode entry) {
        JsonNode copy = entry.deepCopy();
        replaceNulls(copy);
        return copy;
    }

    private static void replaceNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String name : object.properties().stream().map(java.util.Map.Entry::getKey).toList()) {
                if (object.get(name).isNull()) {
                    object.putArray(name);
                }
                replaceNulls(object.get(name));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isNull()) {
                    array.set(i, array.arrayNode());
                }
                replaceNulls(array.get(i));
            }
        }
    }

    /** The 400 for an entry Jackson cannot read into its declared shape (a number for a string, a list for an object). */
    private static String shapeMessage(JsonNode entry, List<String> path) {
        if (path.isEmpty()) {
            return "each feedback entry must be an object";
        }
        String field = path.get(0);
        return switch (field) {
            case "outcome" -> {
                JsonNode outcome = entry.get("outcome");
                boolean text = outcome.isTextual() && !outcome.asText().isBlank();
                yield !text ? "feedback.outcome must be a non-empty string"
                        : outcome.asText().length() > 20 ? "feedback.outcome is longer than 20 characters"
                        : "feedback.outcome must be accepted or overridden"; // an outcome the spec does not name
            }
            case "acceptedSuggestions" -> !"accepted".equals(entry.path("outcome").asText())
                    ? "feedback.acceptedSuggestions belongs to accepted outcomes only"
                    : path.size() > 1 ? "feedback.acceptedSuggestions[].id must be a suggestion uuid"
                    : "feedback.acceptedSuggestions is required for accepted outcomes";
            case "overrideReason", "overrideReasons" -> path.size() == 1 ? "feedback." + field + " must be an object"
                    : path.get(1).equals("reason") ? "feedback." + (path.size() > 2 ? path.get(2) : "system") + " must be a non-empty string"
                    : "feedback." + field + "." + path.get(1) + " must be a string";
            default -> "feedback." + field + " must be a non-empty string";
        };
    }

    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .build();
        for (LogicalType type : List.of(LogicalType.Textual, LogicalType.Enum)) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        return mapper;
    }
}
