package org.inocds.reader;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.inocds.knowledge.CodeSet;
import org.inocds.knowledge.Units;
import org.inocds.record.ProductStrength;

/**
 * Tells whether a medication[x] names inotuzumab ozogamicin (the label digest "Product and codes"): any coding in the code set,
 * on the CodeableConcept or on the Medication it references — contained ({@code #id}), or among the Medications of the
 * call (sent in the draft orders or the prefetch, or read from the FHIR server), found by id whether the reference is
 * relative ({@code Medication/x}) or absolute ({@code https://…/Medication/x}).
 * A name in the text alone also counts, but is reported (DQ-4): an order must not escape the checks
 * because it lacks a code, nor pass as well coded.
 */
final class MedicationMatcher {

    enum Match { CODE, NAME_ONLY, NONE }

    private final CodeSet codes;
    /** By id. */
    private final Map<String, Medication> medications;

    /** @param medications the call's Medications by id (their {@code Medication/} prefix, if any, is ignored) */
    MedicationMatcher(CodeSet codes, Map<String, Medication> medications) {
        this.codes = codes;
        this.medications = medications;
    }

    Match match(Type medication, List<? extends Resource> contained) {
        Optional<CodeableConcept> concept = concept(medication, contained);
        // JP Core injection orders carry the drug only in the Medication's ingredients (HOT9, YJ), one of several
        if (medicationOf(medication, contained).map(m -> m.getIngredient().stream().anyMatch(this::isInotuzumab)).orElse(false)) {
            return Match.CODE;
        }
        if (concept.isEmpty()) {
            return Match.NONE;
        }
        for (var coding : concept.get().getCoding()) {
            if (codes.contains(coding.getSystem(), coding.getCode())) {
                return Match.CODE;
            }
        }
        // the names are the designations of ValueSet-inotuzumab (English, brand and Japanese)
        return codes.namedIn(textOf(concept.get())) ? Match.NAME_ONLY : Match.NONE;
    }

    /**
     * A medicationReference whose Medication is nowhere in the call (not contained, not sent, not read from the FHIR
     * server): the reference as written (or its display when it has none). The drug is then unknown — it may be
     * inotuzumab — and must never be taken for another one.
     */
    Optional<String> unresolved(Type medication, List<? extends Resource> contained) {
        if (!(medication instanceof Reference ref) || medicationOf(medication, contained).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(ref.hasReference() ? ref.getReference() : ref.hasDisplay() ? ref.getDisplay() : "medicationReference");
    }

    /** Whether an unresolved reference's display names inotuzumab (Epic writes the product's name there). */
    boolean displayNamesInotuzumab(Type medication) {
        return medication instanceof Reference ref && ref.hasDisplay() && codes.namedIn(ref.getDisplay());
    }

    /** The concept's text and its codings' displays, one string: what a name match reads. */
    static String textOf(CodeableConcept concept) {
        StringBuilder text = new StringBuilder(concept.getText() == null ? "" : concept.getText());
        concept.getCoding().forEach(c -> text.append(' ').append(c.getDisplay() == null ? "" : c.getDisplay()));
        return text.toString();
    }

    /**
     * The inotuzumab ingredient's amount given per administration (the rule catalogue "Dose entries"): the strength's
     * numerator when its denominator is one administration (JP Core: vials, mL or mg per 1 回). A strength per unit of
     * the product (0.9 mg per vial, mg per mL: Epic's and RxNorm-style Medications) describes the product and is never
     * the dose; neither is a strength with no denominator.
     */
    Optional<Quantity> ingredientAmount(Type medication, List<? extends Resource> contained) {
        return inotuzumabStrength(medication, contained)
                .filter(s -> perAdministration(s.getDenominator()))
                .map(Ratio::getNumerator);
    }

    /**
     * The product's strength from its Medication (the rule catalogue "Dose entries"): mg per vial and mg per mL, from an
     * inotuzumab ingredient whose strength is in mg (or µg) per vial or per mL; what the Medication does not state stays
     * as {@code fallback} (the settings: 1 mg vial, 4 mL).
     */
    ProductStrength productStrength(Type medication, List<? extends Resource> contained, ProductStrength fallback, Units units) {
        var strength = inotuzumabStrength(medication, contained)
                .filter(s -> !perAdministration(s.getDenominator()) && s.getDenominator().hasValue()
                        && s.getDenominator().getValue().signum() > 0);
        if (strength.isEmpty()) {
            return fallback;
        }
        Quantity denominator = strength.get().getDenominator();
        Optional<BigDecimal> mg = ObservedQuantity.of(strength.get().getNumerator()).in("mg", units);
        return mg.flatMap(v -> ProductStrength.stated(v, denominator.getValue(), denominator.getCode(), denominator.getUnit(), fallback))
                .orElse(fallback);
    }

    private Optional<Ratio> inotuzumabStrength(Type medication, List<? extends Resource> contained) {
        return medicationOf(medication, contained).flatMap(m -> m.getIngredient().stream()
                .filter(this::isInotuzumab)
                .filter(i -> i.hasStrength() && i.getStrength().hasNumerator() && i.getStrength().getNumerator().hasValue())
                .map(Medication.MedicationIngredientComponent::getStrength)
                .findFirst()
                .or(() -> isInotuzumabProduct(m) && m.getIngredient().size() == 1 && m.getIngredientFirstRep().hasStrength()
                        && m.getIngredientFirstRep().getStrength().getNumerator().hasValue()
                        ? Optional.of(m.getIngredientFirstRep().getStrength()) : Optional.empty()));
    }

    /** A Medication coded as inotuzumab itself (Epic, RxNorm): its one ingredient is the drug, however that is coded. */
    private boolean isInotuzumabProduct(Medication m) {
        return m.getCode().getCoding().stream().anyMatch(c -> codes.contains(c.getSystem(), c.getCode()));
    }

    private static boolean perAdministration(Quantity denominator) {
        if (denominator == null || denominator.isEmpty()) {
            return false;
        }
        boolean one = !denominator.hasValue() || denominator.getValue().compareTo(BigDecimal.ONE) == 0;
        return one && ProductStrength.isPerAdministration(denominator.getCode(), denominator.getUnit());
    }

    private boolean isInotuzumab(Medication.MedicationIngredientComponent ingredient) {
        return ingredient.getItem() instanceof CodeableConcept cc
                && cc.getCoding().stream().anyMatch(c -> codes.contains(c.getSystem(), c.getCode()));
    }

    private Optional<CodeableConcept> concept(Type medication, List<? extends Resource> contained) {
        if (medication instanceof CodeableConcept cc) {
            return Optional.of(cc);
        }
        return medicationOf(medication, contained).map(Medication::getCode);
    }

    Optional<Medication> medicationOf(Type medication, List<? extends Resource> contained) {
        if (medication instanceof Reference ref && ref.getReference() != null) {
            String r = ref.getReference();
            if (r.startsWith("#")) {
                return contained.stream()
                        .filter(c -> c instanceof Medication && r.substring(1).equals(c.getIdElement().getIdPart()))
                        .map(c -> (Medication) c)
                        .findFirst();
            }
            return FhirIds.medicationId(r).map(medications::get);
        }
        return Optional.empty();
    }
}
