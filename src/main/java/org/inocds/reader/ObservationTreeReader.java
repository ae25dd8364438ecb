package org.inocds.reader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an Observation of the common shape straight from the request's Jackson tree into a {@link LabObservation}, with no
 * FHIR model in between: a long history is mostly such Observations, and building HAPI's objects for them (its date
 * types parse through {@code java.util.Calendar}) was most of the cost of a heavy call (README "Performance").
 *
 * <p>It reads only what it reads exactly as HAPI would. Anything else — a modifier extension, another value or effective
 * type, a primitive's extension ({@code _status}), a field of an unexpected JSON type, a number not read exactly, a date
 * or time outside the strict forms below, an id or a status HAPI would treat in its own way — makes it answer empty, and
 * HAPI reads the resource instead. Fields the record never reads (meta, narrative, performer, notes, …) are skipped.
 * {@code ObservationTreeReaderTest} reads every scenario and fixture both ways and requires identical records.
 */
final class ObservationTreeReader {

    /** Top-level fields read, or known to be unread and safely skipped. Any other field: HAPI reads the resource. */
    private static final Set<String> TOP = Set.of("resourceType", "id", "meta", "text", "extension", "identifier", "basedOn",
            "partOf", "status", "category", "code", "subject", "encounter", "effectiveDateTime", "issued", "performer",
            "valueQuantity", "valueCodeableConcept", "valueString", "valueBoolean", "interpretation", "note", "method",
            "specimen", "device", "referenceRange");
    private static final Set<String> CODEABLE = Set.of("coding", "text");
    private static final Set<String> CODING = Set.of("system", "version", "code", "display", "userSelected");
    private static final Set<String> QUANTITY = Set.of("value", "comparator", "unit", "system", "code");
    private static final Set<String> RANGE = Set.of("low", "high", "text");
    /** Observation.status codes (FHIR R4); another code is HAPI's to judge. */
    private static final Set<String> STATUSES = Set.of("registered", "preliminary", "final", "amended", "corrected",
            "cancelled", "entered-in-error", "unknown");
    private static final Set<String> COMPARATORS = Set.of("<", "<=", ">=", ">");
    /** A FHIR id (R4 "id" datatype); another id is HAPI's to parse. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final String DATE = "\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])";
    private static final String TIME = "T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,9})?(Z|[+-](0\\d|1[0-3]):[0-5]\\d|[+-]14:00)";
    /** A dateTime of day precision or a full time with its zone (a month or a year alone: HAPI reads it). */
    private static final Pattern DATE_TIME = Pattern.compile(DATE + "(" + TIME + ")?");
    /** An instant: a full time with its zone. */
    private static final Pattern INSTANT = Pattern.compile(DATE + TIME);

    /** Thrown inside the reader when the tree is not of the shape read here; never escapes {@link #read}. */
    private static final class NotThisShape extends RuntimeException {
        NotThisShape() {
            super(null, null, false, false);
        }
    }

    /**
     * Dates already read, by their text: the results of one draw share its time (nine or more a draw in a long
     * history), so each time is checked and parsed once a call. One reader per call; not shared between threads.
     */
    private final Map<String, LocalDate> dates = new HashMap<>();

    /** The Observation's fields, or empty when HAPI must read it. */
    Optional<LabObservation> read(ObjectNode node) {
        try {
            only(node, TOP);
            String id = optionalText(node.get("id"));
            if (id != null && !ID.matcher(id).matches()) {
                throw new NotThisShape();
            }
            String status = optionalText(node.get("status"));
            if (status != null && !STATUSES.contains(status)) {
                throw new NotThisShape();
            }
            CodedConcept code = node.has("code") ? concept(node.get("code")) : new CodedConcept(List.of(), null);
            String effective = optionalText(node.get("effectiveDateTime"));
            String issued = optionalText(node.get("issued"));
            Optional<LocalDate> date = effective != null ? Optional.of(date(effective, DATE_TIME))
                    : issued != null ? Optional.of(date(issued, INSTANT)) : Optional.empty();
            if (effective != null && issued != null) {
                date(issued, INSTANT); // read, not used: a malformed one is still HAPI's to judge
            }
            return Optional.of(new LabObservation(id, status, code, date, Optional.ofNullable(effective), value(node),
                    rangeHigh(node.get("referenceRange")), interpretations(node.get("interpretation"))));
        } catch (NotThisShape e) {
            return Optional.empty();
        }
    }

    /** value[x]: valid FHIR has at most one, and HAPI judges a resource with two. */
    private static Optional<ObservedValue> value(ObjectNode node) {
        List<ObservedValue> values = new ArrayList<>(1);
        if (node.has("valueQuantity")) {
            values.add(quantity(node.get("valueQuantity")));
        }
        if (node.has("valueCodeableConcept")) {
            values.add(concept(node.get("valueCodeableConcept")));
        }
        if (node.has("valueString")) {
            values.add(new ObservedValue.Text(text(node.get("valueString"))));
        }
        if (node.has("valueBoolean")) {
            values.add(new ObservedValue.Flag(bool(node.get("valueBoolean"))));
        }
        if (values.size() > 1) {
            throw new NotThisShape();
        }
        return values.stream().findFirst();
    }

    private static Optional<ObservedQuantity> rangeHigh(JsonNode ranges) {
        Optional<ObservedQuantity> high = Optional.empty();
        for (JsonNode range : array(ranges)) {
            only(range, RANGE);
            if (range.has("low")) {
                quantity(range.get("low")); // not used: read so that a malformed one is HAPI's to judge
            }
            optionalText(range.get("text"));
            if (range.has("high")) {
                ObservedQuantity q = quantity(range.get("high"));
                if (high.isEmpty() && q.hasValue()) {
                    high = Optional.of(q);
                }
            }
        }
        return high;
    }

    private static List<CodedConcept> interpretations(JsonNode node) {
        List<CodedConcept> all = new ArrayList<>();
        for (JsonNode interpretation : array(node)) {
            all.add(concept(interpretation));
        }
        return all;
    }

    /** The calendar date as written (the resource's own zone: {@link FhirDates}), checked to be a real date. */
    private LocalDate date(String text, Pattern form) {
        LocalDate known = dates.get(text);
        if (known != null && (form == DATE_TIME || text.length() > 10)) {
            return known; // read before as a dateTime, and an instant if it has a time (a dateTime with a time is one)
        }
        if (!form.matcher(text).matches()) {
            throw new NotThisShape();
        }
        try {
            LocalDate date = LocalDate.parse(text.substring(0, 10));
            dates.put(text, date);
            return date;
        } catch (RuntimeException e) {
            throw new NotThisShape(); // 30 February
        }
    }

    private static void only(JsonNode node, Set<String> allowed) {
        if (!node.isObject()) {
            throw new NotThisShape();
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            // anything else, a primitive's extension or id ("_status") included, is HAPI's to read
            if (!allowed.contains(names.next())) {
                throw new NotThisShape();
            }
        }
    }

    private static Iterable<JsonNode> array(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new NotThisShape();
        }
        return node;
    }

    private static boolean bool(JsonNode node) {
        if (!node.isBoolean()) {
            throw new NotThisShape();
        }
        return node.booleanValue();
    }

    /** A number read exactly as written: a decimal kept as one (as BoundedJson reads them) or an integer. */
    private static BigDecimal decimal(JsonNode node) {
        if (!node.isBigDecimal() && !node.isIntegralNumber()) {
            throw new NotThisShape(); // a double has already lost how the number was written
        }
        return node.decimalValue();
    }

    private static String text(JsonNode node) {
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw new NotThisShape(); // FHIR strings are never empty; how HAPI takes one is its own affair
        }
        return node.textValue();
    }

    private static String optionalText(JsonNode node) {
        return node == null ? null : text(node);
    }

    private static CodedConcept concept(JsonNode node) {
        only(node, CODEABLE);
        List<CodedConcept.Code> codes = new ArrayList<>(1);
        for (JsonNode c : array(node.get("coding"))) {
            only(c, CODING);
            optionalText(c.get("version"));
            if (c.has("userSelected")) {
                bool(c.get("userSelected"));
            }
            codes.add(new CodedConcept.Code(optionalText(c.get("system")), optionalText(c.get("code")),
                    optionalText(c.get("display"))));
        }
        return new CodedConcept(codes, optionalText(node.get("text")));
    }

    private static ObservedQuantity quantity(JsonNode node) {
        only(node, QUANTITY);
        String comparator = optionalText(node.get("comparator"));
        if (comparator != null && !COMPARATORS.contains(comparator)) {
            throw new NotThisShape();
        }
        return new ObservedQuantity(node.has("value") ? decimal(node.get("value")) : null, optionalText(node.get("unit")),
                optionalText(node.get("system")), optionalText(node.get("code")));
    }
}
