package org.inocds.cards;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.JsonParser;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.inocds.reader.CodeSet;
import org.inocds.reader.CodeSets;
import org.inocds.record.ProductStrength;
import org.inocds.rules.RuleSettings;
import org.springframework.stereotype.Component;

/**
 * Builds the FHIR resources carried by suggestions: a premedication order HAPI writes (valid R4), and an {@code update}
 * that carries the EHR's whole draft MedicationRequest with only its dose changed (CDS Hooks 2.0 "Action").
 */
@Component
public class OrderSuggestions {

    static final String UCUM = "http://unitsofmeasure.org";

    private static final String TEMPLATE_PATIENT = "template";
    private static final LocalDate TEMPLATE_DAY = LocalDate.of(2000, 1, 1);

    private final ThreadLocal<IParser> parser;
    /** By item: a site's set is a handful of items, fixed at start. */
    private final Map<RuleSettings.PremedicationItem, Optional<ObjectNode>> premedicationTemplates = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;

    private final CodeSet inotuzumab;
    private final ProductStrength strength;

    public OrderSuggestions(FhirContext fhir, ObjectMapper mapper, CodeSets codeSets,
            ProductStrength strength) {
        this.parser = ThreadLocal.withInitial(fhir::newJsonParser);
        this.mapper = mapper;
        this.inotuzumab = codeSets.get(CodeSets.INOTUZUMAB);
        this.strength = strength;
    }

    /**
     * A draft MedicationRequest for one premedication of the site's set, on the day of the inotuzumab dose: HAPI writes
     * each item's order once (for a stand-in patient and day) and each card gets a copy with its patient and day.
     */
    public Optional<ObjectNode> premedication(RuleSettings.PremedicationItem item, String patientId, LocalDate date) {
        return premedicationTemplates.computeIfAbsent(item, i -> encodePremedication(i, TEMPLATE_PATIENT, TEMPLATE_DAY))
                .map(template -> {
                    ObjectNode order = template.deepCopy();
                    ((ObjectNode) order.get("subject")).put("reference", "Patient/" + patientId);
                    ((ArrayNode) order.at("/dosageInstruction/0/timing/event")).set(0, date.toString());
                    return order;
                });
    }

    /** The premedication order as HAPI writes it for this patient and day (the reference for the copies above). */
    Optional<ObjectNode> encodePremedication(RuleSettings.PremedicationItem item, String patientId, LocalDate date) {
        var order = new MedicationRequest();
        order.setStatus(MedicationRequest.MedicationRequestStatus.DRAFT);
        order.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        order.setSubject(new Reference("Patient/" + patientId));
        order.setMedication(new CodeableConcept()
                .addCoding(new Coding(item.system(), item.code(), item.display())).setText(item.display()));
        var dosage = order.addDosageInstruction();
        dosage.setText("Premedication before inotuzumab ozogamicin");
        // the day itself (day precision): a time of midnight in the server's zone would put it on another day elsewhere
        dosage.getTiming().getEvent().add(new DateTimeType(date.toString()));
        dosage.setRoute(new CodeableConcept()
                .addCoding(new Coding("http://snomed.info/sct", item.routeCode(), item.routeDisplay())));
        dosage.addDoseAndRate().setDose(new Quantity().setValue(item.dose()).setUnit(item.unit()).setSystem(UCUM).setCode(item.unit()));
        try {
            return Optional.of((ObjectNode) mapper.readTree(parser.get().encodeResourceToString(order)));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /**
     * The draft order with its dose set to {@code doseMg} mg, or empty if the order has no place for one in a shape this
     * service reads. The EHR's own order is copied and only the dose is changed (CDS Hooks 2.0 "Action": an update
     * carries the whole resource); the copy is edited in the request's JSON tree, as HAPI's model would edit it
     * ({@code OrderSuggestionsDoseTest} holds the two to the same resource), without a parse and an encode per card. A
     * draft that holds what FHIR JSON forbids (a null or an empty value) is first written again by HAPI, which drops it.
     */
    public Optional<ObjectNode> withDose(ObjectNode draftOrder, BigDecimal doseMg) {
        return withDose(draftOrder, doseMg, Optional.empty(), Optional.empty());
    }

    /**
     * As above, every dose entry changed together (the rule catalogue "Dose entries"): an entry in a mass unit to the mg,
     * one in mg/m² to {@code mgPerM2} (removed when that is not known), one in vials or mL to the same dose in vials or
     * mL of the product's strength — its Medication's, {@code medication} or contained, else the settings' — the entry's
     * type kept. mL are rewritten only where the Medication states the product's strength, as they are read.
     *
     * @param medication the Medication the order references, when it was sent beside it (Epic's draft-orders Bundle)
     */
    public Optional<ObjectNode> withDose(ObjectNode draftOrder, BigDecimal doseMg, Optional<BigDecimal> mgPerM2,
            Optional<ObjectNode> medication) {
        Optional<ObjectNode> copy = wellFormed(draftOrder) ? Optional.of(draftOrder.deepCopy()) : writtenByHapi(draftOrder);
        if (copy.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode order = copy.get();
        if (correctIngredient(order, doseMg)) {
            return Optional.of(order);
        }
        Optional<ObjectNode> product = medication.or(() -> containedMedication(order));
        Optional<ProductStrength> stated = product.flatMap(this::statedStrength);
        ProductStrength productStrength = stated.orElse(strength);
        Optional<ObjectNode> dosage = firstObject(order, "dosageInstruction");
        if (dosage.isEmpty()) {
            return Optional.empty();
        }
        Optional<ObjectNode> first = firstObject(dosage.get(), "doseAndRate");
        if (first.isEmpty()) {
            return Optional.empty();
        }
        boolean changed = false;
        ArrayNode entries = (ArrayNode) dosage.get().get("doseAndRate");
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (!(entries.get(i) instanceof ObjectNode entry) || !(entry.get("doseQuantity") instanceof ObjectNode quantity)) {
                continue;
            }
            String code = text(quantity, "code");
            String unit = code != null && !code.isEmpty() ? code : text(quantity, "unit");
            if (ProductStrength.isVials(code, text(quantity, "unit"))) {
                // an order written in vials is corrected in vials (its unit, system and code kept)
                quantity.set("value", decimal(productStrength.vialsOfMg(doseMg)));
                changed = true;
            } else if (ProductStrength.isMgPerM2(unit)) {
                if (mgPerM2.isPresent()) {
                    quantity.set("value", decimal(mgPerM2.get()));
                } else {
                    entries.remove(i); // never an entry still meaning the old dose
                }
                changed = true;
            } else if (ProductStrength.isMillilitres(unit)) {
                if (stated.isPresent()) {
                    quantity.set("value", decimal(productStrength.reconstitutedMlOfMg(doseMg)));
                    changed = true;
                }
            } else if (isMass(unit)) {
                // a fresh quantity in mg: a comparator or another element of the old dose would not fit the new one
                entry.set("doseQuantity", milligrams(doseMg, entry.objectNode()));
                changed = true;
            }
        }
        if (!changed) {
            // dose[x] is one element: a range or a quantity in another unit is replaced by the dose in mg
            ObjectNode doseAndRate = entries.isEmpty() ? entries.addObject() : (ObjectNode) entries.get(0);
            doseAndRate.remove("doseRange");
            doseAndRate.set("doseQuantity", milligrams(doseMg, doseAndRate.get("doseQuantity") instanceof ObjectNode q ? q
                    : doseAndRate.objectNode()));
        }
        return Optional.of(order);
    }

    private static final Set<String> MASS_UNITS = Set.of("mg", "ug", "µg", "mcg", "g", "ng");

    private static boolean isMass(String unit) {
        return unit != null && MASS_UNITS.contains(unit.trim());
    }

    private static Optional<ObjectNode> containedMedication(ObjectNode order) {
        String ref = order.path("medicationReference").path("reference").asText("");
        if (!ref.startsWith("#")) {
            return Optional.empty();
        }
        for (JsonNode c : order.path("contained")) {
            if (c instanceof ObjectNode o && "Medication".equals(o.path("resourceType").asText()) && ref.substring(1).equals(o.path("id").asText())) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /**
     * The product's strength its Medication states: an ingredient (inotuzumab by code, or the only one of a Medication
     * coded as inotuzumab) in mg per vial or per mL; empty when it states none (the settings then apply).
     */
    private Optional<ProductStrength> statedStrength(ObjectNode medication) {
        boolean productIsInotuzumab = false;
        for (JsonNode coding : medication.path("code").path("coding")) {
            productIsInotuzumab |= inotuzumab.contains(text(coding, "system"), text(coding, "code"));
        }
        JsonNode ingredients = medication.path("ingredient");
        for (JsonNode ingredient : ingredients) {
            boolean item = false;
            for (JsonNode coding : ingredient.path("itemCodeableConcept").path("coding")) {
                item |= inotuzumab.contains(text(coding, "system"), text(coding, "code"));
            }
            if (!item && !(productIsInotuzumab && ingredients.size() == 1)) {
                continue;
            }
            JsonNode numerator = ingredient.path("strength").path("numerator");
            JsonNode denominator = ingredient.path("strength").path("denominator");
            String nUnit = text(numerator, "code") != null ? text(numerator, "code") : text(numerator, "unit");
            String dCode = text(denominator, "code");
            if (!"mg".equals(nUnit) || !numerator.path("value").isNumber() || ProductStrength.isPerAdministration(dCode, text(denominator, "unit"))) {
                continue;
            }
            BigDecimal per = denominator.path("value").isNumber() ? denominator.path("value").decimalValue() : BigDecimal.ONE;
            var product = ProductStrength.stated(numerator.path("value").decimalValue(), per, dCode, text(denominator, "unit"), strength);
            if (product.isPresent()) {
                return product;
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the draft has none of what FHIR JSON forbids and HAPI drops when it reads (null, an empty string, object
     * or array): a copy of such a draft would carry it into the answer.
     */
    private static boolean wellFormed(JsonNode node) {
        if (node.isNull() || (node.isTextual() && node.asText().isEmpty()) || (node.isContainerNode() && node.isEmpty())) {
            return false;
        }
        for (JsonNode child : node) {
            if (!wellFormed(child)) {
                return false;
            }
        }
        return true;
    }

    /** The draft as HAPI reads and writes it (nulls and empty values dropped), or empty if HAPI cannot read it. */
    private Optional<ObjectNode> writtenByHapi(ObjectNode draftOrder) {
        try {
            var structure = new JacksonStructure();
            structure.setNativeObject(draftOrder.deepCopy());
            var order = ((JsonParser) parser.get()).parseResource(MedicationRequest.class, structure);
            return Optional.of((ObjectNode) mapper.readTree(parser.get().encodeResourceToString(order)));
        } catch (RuntimeException | JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /**
     * A JP Core injection order states the drug's amount on its contained Medication's ingredient (vials or mL of the
     * reconstituted solution) and the mix volume in doseQuantity: the correction goes where the order wrote the
     * amount, in its own unit, and the mix volume is left as it was.
     */
    private boolean correctIngredient(ObjectNode order, BigDecimal doseMg) {
        for (JsonNode contained : order.path("contained")) {
            if (!"Medication".equals(contained.path("resourceType").asText())) {
                continue;
            }
            for (JsonNode ingredient : contained.path("ingredient")) {
                boolean inotuzumabItem = false;
                for (JsonNode coding : ingredient.path("itemCodeableConcept").path("coding")) {
                    inotuzumabItem |= inotuzumab.contains(text(coding, "system"), text(coding, "code"));
                }
                JsonNode denominator = ingredient.path("strength").path("denominator");
                if (!inotuzumabItem || !(ingredient.path("strength").get("numerator") instanceof ObjectNode amount)
                        || !amount.path("value").isNumber()
                        // a strength per vial or per mL is the product's, never the dose (the rule catalogue "Dose entries")
                        || !ProductStrength.isPerAdministration(text(denominator, "code"), text(denominator, "unit"))) {
                    continue;
                }
                String code = text(amount, "code");
                String unit = code != null && !code.isEmpty() ? code : text(amount, "unit");
                if (ProductStrength.isVials(code, text(amount, "unit"))) {
                    amount.set("value", decimal(strength.vialsOfMg(doseMg)));
                } else if (ProductStrength.isMillilitres(unit)) {
                    amount.set("value", decimal(strength.reconstitutedMlOfMg(doseMg)));
                } else {
                    milligrams(doseMg, amount);
                }
                return true;
            }
        }
        return false;
    }

    /** The first element of an array field, made (as HAPI's {@code getXFirstRep} does) when the field is absent. */
    private static Optional<ObjectNode> firstObject(ObjectNode parent, String field) {
        JsonNode list = parent.get(field);
        if (list == null || list.isNull()) {
            ObjectNode first = parent.objectNode();
            parent.putArray(field).add(first);
            return Optional.of(first);
        }
        if (!(list instanceof ArrayNode array)) {
            return Optional.empty();
        }
        if (array.isEmpty()) {
            array.add(parent.objectNode());
        }
        return array.get(0) instanceof ObjectNode first ? Optional.of(first) : Optional.empty();
    }

    /** {@code quantity} with the value in mg, as UCUM writes it (its other elements kept). */
    private static ObjectNode milligrams(BigDecimal doseMg, ObjectNode quantity) {
        quantity.set("value", decimal(doseMg));
        quantity.put("unit", "mg");
        quantity.put("system", UCUM);
        quantity.put("code", "mg");
        return quantity;
    }

    /** A FHIR decimal as written, trailing zeros kept (1.60 stays 1.60); never in exponent form. */
    private static DecimalNode decimal(BigDecimal value) {
        return DecimalNode.valueOf(value.scale() < 0 ? value.setScale(0) : value);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
