package org.inocds.cards;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.inocds.knowledge.CodeSet;
import org.inocds.knowledge.CodeSets;
import org.inocds.reader.FhirBinder;
import org.inocds.record.ProductStrength;
import org.inocds.rules.RuleSettings;
import org.springframework.stereotype.Component;

/**
 * Builds the FHIR resources carried by suggestions, each in HAPI's model and written by HAPI's parser: a premedication
 * order (valid R4), and an {@code update} that carries the EHR's whole draft MedicationRequest with only its dose changed
 * (CDS Hooks 2.0 "Action").
 */
@Component
public class OrderSuggestions {

    static final String UCUM = "http://unitsofmeasure.org";

    /** HAPI's writer, one per thread (a parser is not shared across threads). */
    private final ThreadLocal<IParser> writer;
    private final FhirBinder binder;
    /** Reads what HAPI wrote with every decimal as written. */
    private final ObjectReader exact;

    private final CodeSet inotuzumab;
    private final ProductStrength strength;

    public OrderSuggestions(FhirContext fhir, ObjectMapper mapper, CodeSets codeSets,
            ProductStrength strength) {
        this.writer = ThreadLocal.withInitial(fhir::newJsonParser);
        this.binder = FhirBinder.forEditing(fhir);
        this.exact = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).with(JsonNodeFactory.withExactBigDecimals(true));
        this.inotuzumab = codeSets.get(CodeSets.INOTUZUMAB);
        this.strength = strength;
    }

    /**
     * A draft MedicationRequest for one premedication of the site's set, on the day of the inotuzumab dose, as HAPI's
     * model writes it.
     */
    public Optional<ObjectNode> premedication(RuleSettings.PremedicationItem item, String patientId, LocalDate date) {
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
        return encode(order);
    }

    /**
     * The draft order with its dose set to {@code doseMg} mg, or empty if HAPI cannot read the order as written
     * ({@link FhirBinder#forEditing}: an element of the wrong JSON type leaves no sure place for a dose). The EHR's own order
     * is read into HAPI's model, only its dose is changed, and HAPI writes it (CDS Hooks 2.0 "Action": an update carries
     * the whole resource); what FHIR JSON forbids (a null, an empty value) is dropped on the way, as HAPI reads it.
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
        Optional<MedicationRequest> read = binder.bind(draftOrder.deepCopy(), MedicationRequest.class);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        MedicationRequest order = read.get();
        if (correctIngredient(order, doseMg)) {
            return encode(order);
        }
        Optional<Medication> product = medication.flatMap(m -> binder.bind(m.deepCopy(), Medication.class))
                .or(() -> containedMedication(order));
        Optional<ProductStrength> stated = product.flatMap(this::statedStrength);
        ProductStrength productStrength = stated.orElse(strength);
        // the first dosage and its first dose entry, made when absent (as the order's place for a dose)
        List<Dosage.DosageDoseAndRateComponent> entries = order.getDosageInstructionFirstRep().getDoseAndRate();
        if (entries.isEmpty()) {
            entries.add(new Dosage.DosageDoseAndRateComponent());
        }
        boolean changed = false;
        for (int i = entries.size() - 1; i >= 0; i--) {
            var entry = entries.get(i);
            if (!(entry.getDose() instanceof Quantity quantity) || quantity.isEmpty()) {
                continue;
            }
            String code = quantity.hasCode() ? quantity.getCode() : null;
            String written = quantity.hasUnit() ? quantity.getUnit() : null;
            String unit = code != null ? code : written;
            if (ProductStrength.isVials(code, written)) {
                // an order written in vials is corrected in vials (its unit, system and code kept)
                quantity.setValue(decimal(productStrength.vialsOfMg(doseMg)));
                changed = true;
            } else if (ProductStrength.isMgPerM2(unit)) {
                if (mgPerM2.isPresent()) {
                    quantity.setValue(decimal(mgPerM2.get()));
                } else {
                    entries.remove(i); // never an entry still meaning the old dose
                }
                changed = true;
            } else if (ProductStrength.isMillilitres(unit)) {
                if (stated.isPresent()) {
                    quantity.setValue(decimal(productStrength.reconstitutedMlOfMg(doseMg)));
                    changed = true;
                }
            } else if (isMass(unit)) {
                // a fresh quantity in mg: a comparator or another element of the old dose would not fit the new one
                entry.setDose(milligrams(doseMg, new Quantity()));
                changed = true;
            }
        }
        if (!changed) {
            // dose[x] is one element: a range or a quantity in another unit is replaced by the dose in mg
            var doseAndRate = entries.isEmpty() ? order.getDosageInstructionFirstRep().addDoseAndRate() : entries.get(0);
            doseAndRate.setDose(milligrams(doseMg, doseAndRate.getDose() instanceof Quantity q ? q : new Quantity()));
        }
        return encode(order);
    }

    private static final Set<String> MASS_UNITS = Set.of("mg", "ug", "µg", "mcg", "g", "ng");

    private static boolean isMass(String unit) {
        return unit != null && MASS_UNITS.contains(unit.trim());
    }

    /** The Medication the order references among its contained resources ({@code #id}). */
    private static Optional<Medication> containedMedication(MedicationRequest order) {
        if (!(order.getMedication() instanceof Reference reference) || !reference.hasReference()
                || !reference.getReference().startsWith("#")) {
            return Optional.empty();
        }
        String id = reference.getReference().substring(1);
        for (var contained : order.getContained()) {
            if (contained instanceof Medication m && id.equals(localId(m))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** A contained resource's id without the {@code #} HAPI may keep on it. */
    private static String localId(Resource contained) {
        String id = contained.getIdElement().getIdPart();
        return id != null && id.startsWith("#") ? id.substring(1) : id;
    }

    private boolean isInotuzumab(CodeableConcept concept) {
        return concept.getCoding().stream().anyMatch(c -> inotuzumab.contains(c.getSystem(), c.getCode()));
    }

    /**
     * The product's strength its Medication states: an ingredient (inotuzumab by code, or the only one of a Medication
     * coded as inotuzumab) in mg per vial or per mL; empty when it states none (the settings then apply).
     */
    private Optional<ProductStrength> statedStrength(Medication medication) {
        boolean productIsInotuzumab = isInotuzumab(medication.getCode());
        var ingredients = medication.getIngredient();
        for (var ingredient : ingredients) {
            boolean item = ingredient.getItem() instanceof CodeableConcept concept && isInotuzumab(concept);
            if (!item && !(productIsInotuzumab && ingredients.size() == 1)) {
                continue;
            }
            Quantity numerator = ingredient.getStrength().getNumerator();
            Quantity denominator = ingredient.getStrength().getDenominator();
            String nUnit = numerator.hasCode() ? numerator.getCode() : numerator.hasUnit() ? numerator.getUnit() : null;
            String dCode = denominator.hasCode() ? denominator.getCode() : null;
            String dUnit = denominator.hasUnit() ? denominator.getUnit() : null;
            if (!"mg".equals(nUnit) || !numerator.hasValue() || ProductStrength.isPerAdministration(dCode, dUnit)) {
                continue;
            }
            BigDecimal per = denominator.hasValue() ? denominator.getValue() : BigDecimal.ONE;
            var product = ProductStrength.stated(numerator.getValue(), per, dCode, dUnit, strength);
            if (product.isPresent()) {
                return product;
            }
        }
        return Optional.empty();
    }

    /**
     * A JP Core injection order states the drug's amount on its contained Medication's ingredient (vials or mL of the
     * reconstituted solution) and the mix volume in doseQuantity: the correction goes where the order wrote the
     * amount, in its own unit, and the mix volume is left as it was.
     */
    private boolean correctIngredient(MedicationRequest order, BigDecimal doseMg) {
        for (var contained : order.getContained()) {
            if (!(contained instanceof Medication medication)) {
                continue;
            }
            for (var ingredient : medication.getIngredient()) {
                boolean inotuzumabItem = ingredient.getItem() instanceof CodeableConcept concept && isInotuzumab(concept);
                Quantity amount = ingredient.getStrength().getNumerator();
                Quantity denominator = ingredient.getStrength().getDenominator();
                if (!inotuzumabItem || !amount.hasValue()
                        // a strength per vial or per mL is the product's, never the dose (the rule catalogue "Dose entries")
                        || !ProductStrength.isPerAdministration(denominator.hasCode() ? denominator.getCode() : null,
                                denominator.hasUnit() ? denominator.getUnit() : null)) {
                    continue;
                }
                String code = amount.hasCode() ? amount.getCode() : null;
                String written = amount.hasUnit() ? amount.getUnit() : null;
                String unit = code != null ? code : written;
                if (ProductStrength.isVials(code, written)) {
                    amount.setValue(decimal(strength.vialsOfMg(doseMg)));
                } else if (ProductStrength.isMillilitres(unit)) {
                    amount.setValue(decimal(strength.reconstitutedMlOfMg(doseMg)));
                } else {
                    milligrams(doseMg, amount);
                }
                return true;
            }
        }
        return false;
    }

    /** {@code quantity} with the value in mg, as UCUM writes it (its other elements kept). */
    private static Quantity milligrams(BigDecimal doseMg, Quantity quantity) {
        return quantity.setValue(decimal(doseMg)).setUnit("mg").setSystem(UCUM).setCode("mg");
    }

    /** A FHIR decimal as written, trailing zeros kept (1.60 stays 1.60); never in exponent form. */
    private static BigDecimal decimal(BigDecimal value) {
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    /** The resource as HAPI writes it, read back with its decimals exactly as written (1.60 stays 1.60). */
    private Optional<ObjectNode> encode(Resource resource) {
        try {
            return Optional.of((ObjectNode) exact.readTree(writer.get().encodeResourceToString(resource)));
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
