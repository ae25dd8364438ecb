package org.inocds.reader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an Observation of the common shape straight from the request's Jackson tree into a {@link LabObservation}, with no
 * FHIR model in between: a long history is mostly such Observations, and building HAPI's objects for them (its date
 * types parse through {@code java.util.Calendar}) was most of the cost of a heavy call, and still is: the A/B in
 * {@code docs/performance.md} ("One FHIR reading path") measured the heavy call with and without it.
 *
 * <p>It reads only what it reads exactly as HAPI would. Anything else — a modifier extension, another value or effective
 * type, a primitive's extension ({@code _status}), a field of an unexpected JSON type, a number not read exactly, a date
 * or time outside the strict forms below, an id ({@link FhirIds}) or a status HAPI would treat in its own way — makes it
 * answer empty, and HAPI reads the resource instead. Fields the record never reads ({@link #UNREAD}) are skipped. It is
 * used in one place only, {@code HapiPatientRecordReader#readAll}, the seam where an Observation goes one way or the other.
 * {@code ObservationTreeReaderTest} reads every scenario and fixture both ways and requires identical records.
 */
final class ObservationTreeReader {

    /** Observation.status codes (FHIR R4); another code is HAPI's to judge. */
    private static final Set<String> STATUSES = Set.of("registered", "preliminary", "final", "amended", "corrected",
            "cancelled", "entered-in-error", "unknown");
    private static final Set<String> COMPARATORS = Set.of("<", "<=", ">=", ">");
    private static final String DATE = "\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])";
    private static final String TIME = "T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,9})?(Z|[+-](0\\d|1[0-3]):[0-5]\\d|[+-]14:00)";
    /** A dateTime of day precision or a full time with its zone (a month or a year alone: HAPI reads it). */
    private static final Pattern DATE_TIME = Pattern.compile(DATE + "(" + TIME + ")?");
    /** An instant: a full time with its zone. */
    private static final Pattern INSTANT = Pattern.compile(DATE + TIME);

    /**
     * The one list of the Observation's fields the record never reads: skipped, whatever they hold. Any field neither
     * read nor listed here (a modifier extension, a primitive's extension, another value[x] or effective[x]) sends the
     * Observation to HAPI.
     */
    static final Set<String> UNREAD = Set.of("resourceType", "meta", "text", "extension", "identifier", "basedOn", "partOf",
            "category", "subject", "encounter", "performer", "note", "method", "specimen", "device");

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
    /** The site's calendar days: a time is converted to the site's zone before its date is taken. */
    private final FhirDates siteDays;

    ObservationTreeReader(FhirDates siteDays) {
        this.siteDays = siteDays;
    }

    /**
     * The Observation's fields, or empty when HAPI must read it. One pass over the fields: each is read, or known to be
     * unread and skipped (meta, narrative, subject, performer, notes, …); any other field is HAPI's to read.
     */
    Optional<LabObservation> read(ObjectNode node) {
        try {
            String id = null;
            String status = null;
            CodedConcept code = new CodedConcept(List.of(), null);
            String effective = null;
            String issued = null;
            ObservedValue value = null;
            List<ObservedRange> ranges = List.of();
            List<CodedConcept> interpretations = List.of();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JsonNode v = field.getValue();
                switch (field.getKey()) {
                    case "id" -> id = id(v);
                    case "status" -> status = status(v);
                    case "code" -> code = concept(v);
                    case "effectiveDateTime" -> effective = text(v);
                    case "issued" -> issued = text(v);
                    // value[x]: valid FHIR has at most one, and HAPI judges a resource with two
                    case "valueQuantity" -> value = only(value, quantity(v));
                    case "valueCodeableConcept" -> value = only(value, concept(v));
                    case "valueString" -> value = only(value, new ObservedValue.Text(text(v)));
                    case "valueBoolean" -> value = only(value, new ObservedValue.Flag(bool(v)));
                    case "referenceRange" -> ranges = ranges(v);
                    case "interpretation" -> interpretations = interpretations(v);
                    // a modifier extension, another value or effective type, a primitive's extension ("_status"), …
                    default -> unread(field.getKey());
                }
            }
            Optional<LocalDate> date = effective != null ? Optional.of(date(effective, DATE_TIME))
                    : issued != null ? Optional.of(date(issued, INSTANT)) : Optional.empty();
            if (effective != null && issued != null) {
                date(issued, INSTANT); // read, not used: a malformed one is still HAPI's to judge
            }
            return Optional.of(new LabObservation(id, status, code, date, Optional.ofNullable(effective),
                    Optional.ofNullable(value), ranges, interpretations));
        } catch (NotThisShape e) {
            return Optional.empty();
        }
    }

    private static void unread(String field) {
        if (!UNREAD.contains(field)) {
            throw new NotThisShape();
        }
    }

    private static ObservedValue only(ObservedValue before, ObservedValue value) {
        if (before != null) {
            throw new NotThisShape();
        }
        return value;
    }

    /** A FHIR id, which HAPI keeps as written; another is HAPI's to parse. */
    private static String id(JsonNode node) {
        String id = text(node);
        if (!FhirIds.isId(id)) {
            throw new NotThisShape();
        }
        return id;
    }

    private static String status(JsonNode node) {
        String status = text(node);
        if (!STATUSES.contains(status)) {
            throw new NotThisShape();
        }
        return status;
    }

    /** The ranges with an upper limit, each with its population (appliesTo, age); a range's type and text are not used. */
    private static List<ObservedRange> ranges(JsonNode ranges) {
        List<ObservedRange> all = new ArrayList<>(1);
        for (JsonNode range : array(ranges)) {
            ObservedQuantity high = null;
            List<CodedConcept> appliesTo = List.of();
            Optional<ObservedQuantity> ageLow = Optional.empty();
            Optional<ObservedQuantity> ageHigh = Optional.empty();
            for (Map.Entry<String, JsonNode> field : object(range)) {
                switch (field.getKey()) {
                    case "high" -> high = quantity(field.getValue());
                    case "low" -> quantity(field.getValue()); // not used: read so that a malformed one is HAPI's to judge
                    case "text" -> text(field.getValue());
                    case "type" -> concept(field.getValue());
                    case "appliesTo" -> appliesTo = concepts(field.getValue());
                    case "age" -> {
                        for (Map.Entry<String, JsonNode> bound : object(field.getValue())) {
                            ObservedQuantity q = quantity(bound.getValue());
                            Optional<ObservedQuantity> kept = q.hasValue() ? Optional.of(q) : Optional.empty();
                            switch (bound.getKey()) {
                                case "low" -> ageLow = kept;
                                case "high" -> ageHigh = kept;
                                default -> throw new NotThisShape();
                            }
                        }
                    }
                    default -> throw new NotThisShape();
                }
            }
            if (high != null && high.hasValue()) {
                all.add(new ObservedRange(high, appliesTo, ageLow, ageHigh));
            }
        }
        return all;
    }

    private static List<CodedConcept> interpretations(JsonNode node) {
        return concepts(node);
    }

    private static List<CodedConcept> concepts(JsonNode node) {
        List<CodedConcept> all = new ArrayList<>();
        for (JsonNode concept : array(node)) {
            all.add(concept(concept));
        }
        return all;
    }

    /** The site's calendar day ({@link FhirDates}), checked to be a real date. */
    private LocalDate date(String text, Pattern form) {
        LocalDate known = dates.get(text);
        if (known != null && (form == DATE_TIME || text.length() > 10)) {
            return known; // read before as a dateTime, and an instant if it has a time (a dateTime with a time is one)
        }
        if (!form.matcher(text).matches()) {
            throw new NotThisShape();
        }
        try {
            LocalDate date = siteDays.localDate(text);
            dates.put(text, date);
            return date;
        } catch (RuntimeException e) {
            throw new NotThisShape(); // 30 February
        }
    }

    /** The fields of a JSON object, in one pass. */
    private static Iterable<Map.Entry<String, JsonNode>> object(JsonNode node) {
        if (!node.isObject()) {
            throw new NotThisShape();
        }
        return node::fields;
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

    private static CodedConcept concept(JsonNode node) {
        List<CodedConcept.Code> codes = List.of();
        String text = null;
        for (Map.Entry<String, JsonNode> field : object(node)) {
            switch (field.getKey()) {
                case "coding" -> codes = codings(field.getValue());
                case "text" -> text = text(field.getValue());
                default -> throw new NotThisShape();
            }
        }
        return new CodedConcept(codes, text);
    }

    private static List<CodedConcept.Code> codings(JsonNode array) {
        List<CodedConcept.Code> codes = new ArrayList<>(1);
        for (JsonNode coding : array(array)) {
            String system = null;
            String code = null;
            String display = null;
            for (Map.Entry<String, JsonNode> field : object(coding)) {
                switch (field.getKey()) {
                    case "system" -> system = text(field.getValue());
                    case "code" -> code = text(field.getValue());
                    case "display" -> display = text(field.getValue());
                    case "version" -> text(field.getValue());
                    case "userSelected" -> bool(field.getValue());
                    default -> throw new NotThisShape();
                }
            }
            codes.add(new CodedConcept.Code(system, code, display));
        }
        return codes;
    }

    private static ObservedQuantity quantity(JsonNode node) {
        BigDecimal value = null;
        String unit = null;
        String system = null;
        String code = null;
        String comparator = null;
        for (Map.Entry<String, JsonNode> field : object(node)) {
            switch (field.getKey()) {
                case "value" -> value = decimal(field.getValue());
                case "unit" -> unit = text(field.getValue());
                case "system" -> system = text(field.getValue());
                case "code" -> code = text(field.getValue());
                case "comparator" -> {
                    comparator = text(field.getValue());
                    if (!COMPARATORS.contains(comparator)) {
                        throw new NotThisShape();
                    }
                }
                default -> throw new NotThisShape();
            }
        }
        return new ObservedQuantity(value, unit, system, code, comparator);
    }
}
