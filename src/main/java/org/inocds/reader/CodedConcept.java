package org.inocds.reader;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.inocds.knowledge.CodeSet;

/**
 * A FHIR CodeableConcept as the reader uses it: its codings (system, code, display) and its text. Read from HAPI's model
 * ({@link #of}) or straight from a request's JSON ({@link ObservationTreeReader}); either way the same matching and the
 * same display name follow from here.
 *
 * @param text null when the concept has none
 */
record CodedConcept(List<Code> codings, String text) implements ObservedValue {

    /** One coding; any part may be null when the resource leaves it out. */
    record Code(String system, String code, String display) {}

    CodedConcept {
        codings = List.copyOf(codings);
    }

    static CodedConcept of(CodeableConcept cc) {
        List<Code> codes = new ArrayList<>(cc.getCoding().size());
        for (Coding c : cc.getCoding()) {
            codes.add(new Code(c.getSystem(), c.getCode(), c.hasDisplay() ? c.getDisplay() : null));
        }
        return new CodedConcept(codes, cc.hasText() ? cc.getText() : null);
    }

    /** Whether one of the codings is in {@code set}. */
    boolean in(CodeSet set) {
        for (Code c : codings) {
            if (set.contains(c.system(), c.code())) {
                return true;
            }
        }
        return false;
    }

    /** The name shown for the concept: its text, else the first coding's display, else the first code, else "". */
    String display() {
        if (text != null && !text.isEmpty()) {
            return text;
        }
        for (Code c : codings) {
            if (c.display() != null && !c.display().isEmpty()) {
                return c.display();
            }
        }
        return codings.isEmpty() || codings.get(0).code() == null ? "" : codings.get(0).code();
    }
}
