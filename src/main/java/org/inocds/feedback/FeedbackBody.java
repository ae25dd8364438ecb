package org.inocds.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.inocds.cdshooks.CdsHttpException;
import org.inocds.protocol.FeedbackRequest;

/**
 * The feedback body read into its declared shape ({@link FeedbackRequest}) and checked against its declared constraints.
 * A fault is answered with 400 and the message of the first fault in the order the shape declares its members (and, in
 * a member, presence before length before form), as the checks were made one after the other before they were declared.
 * Jackson refuses a wrong shape (a number for a string, a list for an object, an outcome the spec does not name) before
 * any constraint runs; so that a member declared earlier still speaks first, a member of the wrong shape is left out and
 * the rest read again.
 */
final class FeedbackBody {

    /** Strict about shapes: a number is not a string, nor an enum's index. */
    private static final ObjectMapper STRICT = strictMapper();

    /** The members of the body in the order they are declared (and were checked); an accessor checked where it reads. */
    private static final List<String> ORDER = List.of("feedback", "card", "outcome", "acceptedSuggestions", "id", "overrideReason", "overrideReasons", "reason", "system", "code",
            "categoryAString", "categoryNotBlank", "categoryWithin200", "userComment", "outcomeTimestamp", "outcomeTimestampADateTime");

    private final Validator validator;

    FeedbackBody(Validator validator) {
        this.validator = validator;
    }

    FeedbackRequest request(ObjectNode body) {
        return read(body, FeedbackRequest.class, path -> "feedback must be a non-empty array");
    }

    /** One entry of {@link FeedbackRequest#feedback()}; when both spellings of the reason are given, the spec's counts. */
    FeedbackRequest.Entry entry(JsonNode posted) {
        if (!posted.isObject()) {
            throw new CdsHttpException.BadRequest("each feedback entry must be an object");
        }
        ObjectNode entry = posted.deepCopy();
        if (entry.has("overrideReason")) {
            entry.remove("overrideReasons"); // Epic's spelling is not read when the spec's is given
        }
        nullsGiven(entry);
        return read(entry, FeedbackRequest.Entry.class, path -> shapeMessage(posted, path));
    }

    private <T> T read(JsonNode json, Class<T> type, Function<List<Object>, String> shapeMessage) {
        Optional<Fault> fault = firstFault(json, type, shapeMessage);
        if (fault.isPresent()) {
            throw new CdsHttpException.BadRequest(fault.get().message());
        }
        try {
            return STRICT.treeToValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("read once already", e);
        }
    }

    /** A fault: where in the declared order, and its message. */
    private record Fault(String position, int rank, String message) {}

    private static final Comparator<Fault> FIRST = Comparator.comparing(Fault::position).thenComparingInt(Fault::rank);

    private <T> Optional<Fault> firstFault(JsonNode json, Class<T> type, Function<List<Object>, String> shapeMessage) {
        T value;
        try {
            value = STRICT.treeToValue(json, type);
        } catch (JsonMappingException e) {
            List<Object> path = e.getPath().stream().map(r -> r.getFieldName() != null ? (Object) r.getFieldName() : r.getIndex()).toList();
            Fault own = new Fault(position(path), -1, shapeMessage.apply(path));
            if (path.isEmpty() || !(json instanceof ObjectNode object) || !object.has(String.valueOf(path.get(0)))) {
                return Optional.of(own);
            }
            ObjectNode rest = object.deepCopy();
            rest.remove(String.valueOf(path.get(0)));
            // what the member left out would have been (missing) is no fault of the body's
            String member = position(path.subList(0, 1));
            return Stream.concat(Stream.of(own), firstFault(rest, type, shapeMessage).stream().filter(f -> !f.position().startsWith(member)))
                    .min(FIRST);
        } catch (JsonProcessingException e) {
            throw new CdsHttpException.BadRequest("feedback must be a JSON object");
        }
        return validator.validate(value).stream().map(FeedbackBody::fault).min(FIRST);
    }

    /** Checks across members, placed with the member they are about: before its elements. */
    private static final Map<String, String> CHECKED_WITH = Map.of("suggestionsGivenWhenAccepted", "acceptedSuggestions",
            "noSuggestionsUnlessAccepted", "acceptedSuggestions");

    private static Fault fault(ConstraintViolation<?> v) {
        List<Object> path = new ArrayList<>();
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getName() != null && !node.getName().startsWith("<")) {
                path.add(CHECKED_WITH.getOrDefault(node.getName(), node.getName()));
            }
            if (node.getIndex() != null) {
                path.add(node.getIndex());
            }
        }
        int rank = switch (v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName()) {
            case "NotNull", "NotBlank", "NotEmpty" -> 0;
            case "Size" -> 1;
            default -> 2;
        };
        return new Fault(position(path), rank, v.getMessage());
    }

    /** A path as a string that sorts in the declared order: a member by its place in {@link #ORDER}, an element by its index. */
    private static String position(List<Object> path) {
        StringBuilder out = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer index) {
                out.append(String.format("#%06d", index));
            } else {
                int at = ORDER.indexOf(String.valueOf(step));
                out.append((char) ('A' + (at < 0 ? ORDER.size() : at)));
            }
        }
        return out.toString();
    }

    /**
     * JSON null given for a member is a value, not an absence (a reason given as null is refused, not read as none): it
     * is read as an empty array, which no member takes but a list, where it stands for the list given (and empty).
     */
    private static void nullsGiven(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String name : object.properties().stream().map(Map.Entry::getKey).toList()) {
                if (object.get(name).isNull()) {
                    object.putArray(name);
                }
                nullsGiven(object.get(name));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isNull()) {
                    array.set(i, array.arrayNode());
                }
                nullsGiven(array.get(i));
            }
        }
    }

    /** The message for a member Jackson cannot read into its declared shape. */
    private static String shapeMessage(JsonNode entry, List<Object> path) {
        if (path.isEmpty()) {
            return "each feedback entry must be an object";
        }
        String member = String.valueOf(path.get(0));
        return switch (member) {
            case "outcome" -> {
                JsonNode outcome = entry.path("outcome");
                yield !outcome.isTextual() || outcome.asText().isBlank() ? "feedback.outcome must be a non-empty string"
                        : outcome.asText().length() > 20 ? "feedback.outcome is longer than 20 characters"
                        : "feedback.outcome must be accepted or overridden"; // a string the spec does not name
            }
            case "acceptedSuggestions" -> !"accepted".equals(entry.path("outcome").asText())
                    ? "feedback.acceptedSuggestions belongs to accepted outcomes only"
                    : path.size() > 1 ? "feedback.acceptedSuggestions[].id must be a suggestion uuid"
                    : "feedback.acceptedSuggestions is required for accepted outcomes";
            case "overrideReason", "overrideReasons" -> path.size() == 1 ? "feedback." + member + " must be an object"
                    : path.get(1).equals("reason") ? "feedback." + (path.size() > 2 ? path.get(2) : "system") + " must be a non-empty string"
                    : "feedback." + member + "." + path.get(1) + " must be a string";
            default -> "feedback." + member + " must be a non-empty string";
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
