package org.inocds.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
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
            if (node.has("id")) {
                o.setId(text(node.get("id")));
            }
            if (node.has("status")) {
                o.setStatus(Observation.ObservationStatus.fromCode(text(node.get("status"))));
            }
            if (node.has("code")) {
                o.setCode(concept(node.get("code")));
            }
            if (node.has("effectiveDateTime")) {
                o.setEffective(new DateTimeType(text(node.get("effectiveDateTime"))));
            }
            if (node.has("issued")) {
                o.setIssuedElement(new InstantType(text(node.get("issued"))));
            }
            if (node.has("valueQuantity")) {
                o.setValue(quantity(node.get("valueQuantity")));
            } else if (node.has("valueCodeableConcept")) {
                o.setValue(concept(node.get("valueCodeableConcept")));
            } else if (node.has("valueString")) {
                o.setValue(new StringType(text(node.get("valueString"))));
            } else if (node.has("valueBoolean")) {
                JsonNode b = node.get("valueBoolean");
                if (!b.isBoolean()) {
                    throw new NotThisShape();
                }
                o.setValue(new BooleanType(b.booleanValue()));
            }
            for (JsonNode range : array(node.get("referenceRange"))) {
                only(range, RANGE);
                var r = o.addReferenceRange();
                if (range.has("low")) {
                    r.setLow(quantity(range.get("low")));
                }
                if (range.has("high")) {
                    r.setHigh(quantity(range.get("high")));
                }
                if (range.has("text")) {
                    r.setText(text(range.get("text")));
                }
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
            return java.util.List.of();
        }
        if (!node.isArray()) {
            throw new NotThisShape();
        }
        return node;
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
            if (c.has("system")) {
                coding.setSystem(text(c.get("system")));
            }
            if (c.has("version")) {
                coding.setVersion(text(c.get("version")));
            }
            if (c.has("code")) {
                coding.setCode(text(c.get("code")));
            }
            if (c.has("display")) {
                coding.setDisplay(text(c.get("display")));
            }
            if (c.has("userSelected")) {
                if (!c.get("userSelected").isBoolean()) {
                    throw new NotThisShape();
                }
                coding.setUserSelected(c.get("userSelected").booleanValue());
            }
            cc.addCoding(coding);
        }
        if (node.has("text")) {
            cc.setText(text(node.get("text")));
        }
        return cc;
    }

    private static Quantity quantity(JsonNode node) {
        only(node, QUANTITY);
        var q = new Quantity();
        if (node.has("value")) {
            JsonNode v = node.get("value");
            if (!v.isNumber()) {
                throw new NotThisShape();
            }
            q.setValue(v.decimalValue());
        }
        if (node.has("comparator")) {
            q.setComparator(Quantity.QuantityComparator.fromCode(text(node.get("comparator"))));
        }
        if (node.has("unit")) {
            q.setUnit(text(node.get("unit")));
        }
        if (node.has("system")) {
            q.setSystem(text(node.get("system")));
        }
        if (node.has("code")) {
            q.setCode(text(node.get("code")));
        }
        return q;
    }
}
