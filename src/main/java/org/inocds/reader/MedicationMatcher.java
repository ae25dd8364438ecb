package org.inocds.reader;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * Tells whether a medication[x] names inotuzumab ozogamicin (the label digest "Product and codes"): any coding in the code set,
 * on the CodeableConcept or on the Medication it references (contained or among the patient's data).
 * A name in the text alone also counts, but is reported (DQ-4): an order must not escape the checks
 * because it lacks a code, nor pass as well coded.
 */
final class MedicationMatcher {

    enum Match { CODE, NAME_ONLY, NONE }

    private final CodeSet codes;
    private final Map<String, Medication> medications;

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

    /** The concept's text and its codings' displays, one string: what a name match reads. */
    static String textOf(CodeableConcept concept) {
        StringBuilder text = new StringBuilder(concept.getText() == null ? "" : concept.getText());
        concept.getCoding().forEach(c -> text.append(' ').append(c.getDisplay() == null ? "" : c.getDisplay()));
        return text.toString();
    }

    /** The inotuzumab ingredient's amount (strength numerator: vials, mL or mg), when the Medication states one. */
    Optional<Quantity> ingredientAmount(Type medication, List<? extends Resource> contained) {
        return medicationOf(medication, contained).flatMap(m -> m.getIngredient().stream()
                .filter(this::isInotuzumab)
                .filter(i -> i.hasStrength() && i.getStrength().hasNumerator() && i.getStrength().getNumerator().hasValue())
                .map(i -> i.getStrength().getNumerator())
                .findFirst());
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

    private Optional<Medication> medicationOf(Type medication, List<? extends Resource> contained) {
        if (medication instanceof Reference ref && ref.getReference() != null) {
            String r = ref.getReference();
            if (r.startsWith("#")) {
                return contained.stream()
                        .filter(c -> c instanceof Medication && r.substring(1).equals(c.getIdElement().getIdPart()))
                        .map(c -> (Medication) c)
                        .findFirst();
            }
            int at = r.lastIndexOf("Medication/");
            if (at < 0) {
                return Optional.empty();
            }
            return Optional.ofNullable(medications.get(r.substring(at)));
        }
        return Optional.empty();
    }
}
