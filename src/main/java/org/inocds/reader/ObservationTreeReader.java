package org.inocds.reader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;

/**
 * Binds an Observation of the common shape straight from its Jackson tree into HAPI's model, for the fields the record
 * reads (status, code, value, effective time, issued, reference range, interpretation): most of a long history is such
 * Observations, and HAPI's generic parser made binding them most of the cost of a heavy call (README "Performance").
 *
 * <p>Anything it does not bind exactly as HAPI would — a modifier extension, another value or effective type, a field of
 * an unexpected JSON type, a date or code HAPI would refuse — makes it answer empty, and HAPI binds the resource instead.
 * Fields the record never reads (meta, narrative, performer, notes, …) are left out; {@code ObservationBinderTest} reads
 * every scenario and fixture both ways and requires identical records.
 */
final class ObservationBinder {

    /** Top-level fields bound, or known to be unread and safely left out. Any other field: HAPI binds the resource. */
    private static final Set<String> TOP = Set.of("resourceType", "id", "meta", "text", "extension", "identifier", "basedOn",
            "partOf", "status", "category", "code", "subject", "encounter", "effectiveDateTime", "issued", "performer",
            "valueQuantity", "valueCodeableConcept", "valueString", "valueBoolean", "interpretation", "note", "method",
            "specimen", "device", "referenceRange");
    private static final Set<String> CODEABLE = Set.of("coding", "text");
    private static final Set<String> CODING = Set.of("system", "version", "code", "display", "userSelected");
    private static final Set<String> QUANTITY = Set.of("value", "comparator", "unit", "system", "code");
    private static final Set<String> RANGE = Set.of("low", "high", "text");

    /** Thrown inside the binder when the tree is not of the shape bound here; never escapes {@link #bind}. */
    private static final class NotThisShape extends RuntimeException {
        NotThisShape() {
            super(null, null, false, false);
        }
    }

    private ObservationBinder() {}

    static Optional<Observation> bind(ObjectNode node) {
        try {
            only(node, TOP);
            Observation o = new Observation();
            field(node, "id", ObservationBinder::text, o::setId);
            field(node, "status", n -> Observation.ObservationStatus.fromCode(text(n)), o::setStatus);
            field(node, "code", ObservationBinder::concept, o::setCode);
            field(node, "effectiveDateTime", n -> new DateTimeType(text(n)), o::setEffective);
            field(node, "issued", n -> new InstantType(text(n)), o::setIssuedElement);
            // value[x]: valid FHIR has at most one
            if (node.has("valueQuantity")) {
                o.setValue(quantity(node.get("valueQuantity")));
            } else if (node.has("valueCodeableConcept")) {
                o.setValue(concept(node.get("valueCodeableConcept")));
            } else if (node.has("valueString")) {
                o.setValue(new StringType(text(node.get("valueString"))));
            } else if (node.has("valueBoolean")) {
                o.setValue(new BooleanType(bool(node.get("valueBoolean"))));
            }
            for (JsonNode range : array(node.get("referenceRange"))) {
                only(range, RANGE);
                var r = o.addReferenceRange();
                field(range, "low", ObservationBinder::quantity, r::setLow);
                field(range, "high", ObservationBinder::quantity, r::setHigh);
                field(range, "text", ObservationBinder::text, r::setText);
            }
            for (JsonNode interpretation : array(node.get("interpretation"))) {
                o.addInterpretation(concept(interpretation));
            }
            return Optional.of(o);
        } catch (RuntimeException e) {
            // NotThisShape, or a value HAPI's types refuse (a malformed date, an unknown status): HAPI decides
            return Optional.empty();
        }
    }

    private static void only(JsonNode node, Set<String> allowed) {
        if (!node.isObject()) {
            throw new NotThisShape();
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            // anything else, a primitive's extension or id ("_status") included, is HAPI's to bind
            if (!allowed.contains(name)) {
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

    /** When {@code node} has {@code name}, reads it (refusing a shape it does not bind) and hands it to {@code set}. */
    private static <T> void field(JsonNode node, String name, Function<JsonNode, T> read, Consumer<T> set) {
        JsonNode value = node.get(name);
        if (value != null) {
            set.accept(read.apply(value));
        }
    }

    private static boolean bool(JsonNode node) {
        if (!node.isBoolean()) {
            throw new NotThisShape();
        }
        return node.booleanValue();
    }

    private static BigDecimal decimal(JsonNode node) {
        if (!node.isNumber()) {
            throw new NotThisShape();
        }
        return node.decimalValue();
    }

    private static String text(JsonNode node) {
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw new NotThisShape(); // FHIR strings are never empty; how HAPI takes one is its own affair
        }
        return node.textValue();
    }

    private static CodeableConcept concept(JsonNode node) {
        only(node, CODEABLE);
        var cc = new CodeableConcept();
        for (JsonNode c : array(node.get("coding"))) {
            only(c, CODING);
            var coding = new Coding();
            field(c, "system", ObservationBinder::text, coding::setSystem);
            field(c, "version", ObservationBinder::text, coding::setVersion);
            field(c, "code", ObservationBinder::text, coding::setCode);
            field(c, "display", ObservationBinder::text, coding::setDisplay);
            field(c, "userSelected", ObservationBinder::bool, coding::setUserSelected);
            cc.addCoding(coding);
        }
        field(node, "text", ObservationBinder::text, cc::setText);
        return cc;
    }

    private static Quantity quantity(JsonNode node) {
        only(node, QUANTITY);
        var q = new Quantity();
        field(node, "value", ObservationBinder::decimal, q::setValue);
        field(node, "comparator", n -> Quantity.QuantityComparator.fromCode(text(n)), q::setComparator);
        field(node, "unit", ObservationBinder::text, q::setUnit);
        field(node, "system", ObservationBinder::text, q::setSystem);
        field(node, "code", ObservationBinder::text, q::setCode);
        return q;
    }
}
