package org.inocds.reader;

import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Builds HAPI's MedicationAdministration or MedicationRequest of the common shape straight from the request's Jackson
 * tree, through the model's own setters, without HAPI's parser: each resource a patient's dose history holds cost a
 * parse that was the largest share of a typical call left to the service (docs/performance.md). {@link MedicationReader}
 * then reads it as it reads a parsed one.
 *
 * <p>It builds only what the readers read, and only from the shapes it knows: the status, a medication coded in place
 * or referenced by id, the time given ({@code effectiveDateTime}) or the date written ({@code authoredOn}), the dose
 * given, and a request's first dosage with its planned days and dose. Anything else — a contained Medication, an
 * extension of any kind, a status reason or a note, a period, a route or a rate, a repeat, a field of an unexpected JSON
 * type, an empty string, an id HAPI reads its own way, a code or a date the model refuses — makes it answer empty, and
 * HAPI's parser reads the resource instead. Fields no reader reads (subject, meta, narrative, identifiers, …) are
 * skipped. {@code MedicationTreeReaderTest} holds each resource it builds to the one HAPI parses, and
 * {@code ObservationTreeReaderTest} every fixture's record read both ways.
 */
final class MedicationTreeReader {

    /** Fields of either resource that no reader reads: skipped, whatever they hold. */
    private static final Set<String> UNREAD = Set.of("resourceType", "subject", "meta", "text", "identifier", "intent",
            "encounter", "context", "requester", "performer", "category", "priority", "recorder", "supportingInformation");
    /** A FHIR id (R4 "id" datatype); another form HAPI parses its own way. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    /** Thrown inside the reader when the tree is not of the shape built here; never escapes {@link #read}. */
    private static final class NotThisShape extends RuntimeException {
        NotThisShape() {
            super(null, null, false, false);
        }
    }

    /** The resource built from the tree, or empty when HAPI's parser must read it. */
    Optional<Resource> read(ObjectNode node) {
        try {
            return switch (node.path("resourceType").asText()) {
                case "MedicationAdministration" -> Optional.of(administration(node));
                case "MedicationRequest" -> Optional.of(request(node));
                default -> Optional.empty();
            };
        } catch (NotThisShape | IllegalArgumentException | FHIRException | DataFormatException e) {
            // NotThisShape: a field not built here; the others: the model refused a code, a date or a number
            return Optional.empty();
        }
    }

    private static MedicationAdministration administration(ObjectNode node) {
        var ma = new MedicationAdministration();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode v = field.getValue();
            switch (field.getKey()) {
                case "id" -> ma.setId(id(v));
                case "status" -> ma.setStatus(MedicationAdministration.MedicationAdministrationStatus.fromCode(text(v)));
                case "medicationCodeableConcept" -> ma.setMedication(only(ma.hasMedication(), concept(v)));
                case "medicationReference" -> ma.setMedication(only(ma.hasMedication(), reference(v)));
                case "effectiveDateTime" -> ma.setEffective(new DateTimeType(text(v)));
                case "dosage" -> ma.setDosage(administrationDosage(v));
                default -> unread(field.getKey());
            }
        }
        return ma;
    }

    private static MedicationRequest request(ObjectNode node) {
        var mr = new MedicationRequest();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode v = field.getValue();
            switch (field.getKey()) {
                case "id" -> mr.setId(id(v));
                case "status" -> mr.setStatus(MedicationRequest.MedicationRequestStatus.fromCode(text(v)));
                case "medicationCodeableConcept" -> mr.setMedication(only(mr.hasMedication(), concept(v)));
                case "medicationReference" -> mr.setMedication(only(mr.hasMedication(), reference(v)));
                case "authoredOn" -> mr.setAuthoredOnElement(new DateTimeType(text(v)));
                case "dosageInstruction" -> {
                    for (JsonNode d : array(v)) {
                        mr.addDosageInstruction(requestDosage(d));
                    }
                }
                default -> unread(field.getKey());
            }
        }
        return mr;
    }

    private static MedicationAdministration.MedicationAdministrationDosageComponent administrationDosage(JsonNode v) {
        var dosage = new MedicationAdministration.MedicationAdministrationDosageComponent();
        for (Map.Entry<String, JsonNode> field : object(v).properties()) {
            switch (field.getKey()) {
                case "dose" -> dosage.setDose(quantity(field.getValue()));
                case "text" -> dosage.setText(text(field.getValue()));
                default -> throw new NotThisShape();
            }
        }
        return dosage;
    }

    /** A request's dosage: its text, planned days ({@code timing.event}) and doses; a repeat, route or rate is HAPI's. */
    private static Dosage requestDosage(JsonNode v) {
        var dosage = new Dosage();
        for (Map.Entry<String, JsonNode> field : object(v).properties()) {
            switch (field.getKey()) {
                case "text" -> dosage.setText(text(field.getValue()));
                case "timing" -> {
                    var timing = object(field.getValue());
                    if (timing.size() != 1 || !timing.has("event")) {
                        throw new NotThisShape();
                    }
                    for (JsonNode event : array(timing.get("event"))) {
                        dosage.getTiming().addEventElement().setValueAsString(text(event));
                    }
                }
                case "doseAndRate" -> {
                    for (JsonNode doseAndRate : array(field.getValue())) {
                        var dr = object(doseAndRate);
                        if (dr.size() != 1 || !dr.has("doseQuantity")) {
                            throw new NotThisShape();
                        }
                        dosage.addDoseAndRate().setDose(quantity(dr.get("doseQuantity")));
                    }
                }
                default -> throw new NotThisShape();
            }
        }
        return dosage;
    }

    private static CodeableConcept concept(JsonNode v) {
        var concept = new CodeableConcept();
        for (Map.Entry<String, JsonNode> field : object(v).properties()) {
            switch (field.getKey()) {
                case "text" -> concept.setText(text(field.getValue()));
                case "coding" -> {
                    for (JsonNode c : array(field.getValue())) {
                        concept.addCoding(coding(c));
                    }
                }
                default -> throw new NotThisShape();
            }
        }
        return concept;
    }

    private static Coding coding(JsonNode v) {
        var coding = new Coding();
        for (Map.Entry<String, JsonNode> field : object(v).properties()) {
            switch (field.getKey()) {
                case "system" -> coding.setSystem(text(field.getValue()));
                case "code" -> coding.setCode(text(field.getValue()));
                case "display" -> coding.setDisplay(text(field.getValue()));
                default -> throw new NotThisShape();
            }
        }
        return coding;
    }

    /** A Medication referenced by its id among the patient's resources; a contained one ({@code #…}) is HAPI's. */
    private static Reference reference(JsonNode v) {
        var reference = new Reference();
        for (Map.Entry<String, JsonNode> field : object(v).properties()) {
            switch (field.getKey()) {
                case "reference" -> {
                    String r = text(field.getValue());
                    if (r.startsWith("#")) {
                        throw new NotThisShape();
                    }
                    reference.setReference(r);
                }
                case "display" -> reference.setDisplay(text(field.getValue()));
                default -> throw new NotThisShape();
            }
        }
        return reference;
    }

    /** A quantity whose value Jackson holds exactly (a decimal or an integer, never a double). */
    private static Quantity quantity(JsonNode v) {
        var quantity = new Quantity();
        for (Map.Entry<String, JsonNode> field : object(v).properties()) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "value" -> {
                    if (!value.isBigDecimal() && !value.isIntegralNumber()) {
                        throw new NotThisShape();
                    }
                    quantity.setValueElement(new DecimalType(value.asText()));
                }
                case "unit" -> quantity.setUnit(text(value));
                case "system" -> quantity.setSystem(text(value));
                case "code" -> quantity.setCode(text(value));
                default -> throw new NotThisShape();
            }
        }
        return quantity;
    }

    private static String id(JsonNode v) {
        String id = text(v);
        if (!ID.matcher(id).matches()) {
            throw new NotThisShape();
        }
        return id;
    }

    /** A non-empty string (FHIR JSON has no empty strings; HAPI treats one its own way). */
    private static String text(JsonNode v) {
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new NotThisShape();
        }
        return v.asText();
    }

    private static ObjectNode object(JsonNode v) {
        if (!(v instanceof ObjectNode o) || o.isEmpty()) {
            throw new NotThisShape();
        }
        return o;
    }

    private static ArrayNode array(JsonNode v) {
        if (!(v instanceof ArrayNode a) || a.isEmpty()) {
            throw new NotThisShape();
        }
        return a;
    }

    /** medication[x] is one element: a resource with two is HAPI's to judge. */
    private static <T> T only(boolean already, T value) {
        if (already) {
            throw new NotThisShape();
        }
        return value;
    }

    private static void unread(String field) {
        if (!UNREAD.contains(field)) {
            throw new NotThisShape();
        }
    }
}
