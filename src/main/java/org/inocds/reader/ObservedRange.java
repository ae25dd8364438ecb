package org.inocds.reader;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.inocds.knowledge.Units;

/**
 * A reference range of an Observation as the reader uses it: its upper limit and the population it applies to (the label
 * digest "Units and thresholds": the ULN of the range that applies to this patient). Read from HAPI's model ({@link #of}) or
 * straight from the JSON ({@link ObservationTreeReader}); either way only a range with an upper limit is kept, and an age
 * bound only when it has a value.
 *
 * @param appliesTo its {@code appliesTo} concepts, as sent
 */
record ObservedRange(ObservedQuantity high, List<CodedConcept> appliesTo, Optional<ObservedQuantity> ageLow,
        Optional<ObservedQuantity> ageHigh) {

    ObservedRange {
        appliesTo = List.copyOf(appliesTo);
    }

    /** From HAPI's model; empty when the range has no upper limit. */
    static Optional<ObservedRange> of(Observation.ObservationReferenceRangeComponent range) {
        if (!range.hasHigh() || !range.getHigh().hasValue()) {
            return Optional.empty();
        }
        List<CodedConcept> appliesTo = new ArrayList<>();
        range.getAppliesTo().forEach(c -> appliesTo.add(CodedConcept.of(c)));
        Optional<ObservedQuantity> low = Optional.empty();
        Optional<ObservedQuantity> high = Optional.empty();
        if (range.hasAge()) {
            low = bound(range.getAge().getLow());
            high = bound(range.getAge().getHigh());
        }
        return Optional.of(new ObservedRange(ObservedQuantity.of(range.getHigh()), appliesTo, low, high));
    }

    private static Optional<ObservedQuantity> bound(Quantity q) {
        return q != null && q.hasValue() ? Optional.of(ObservedQuantity.of(q)) : Optional.empty();
    }
}
