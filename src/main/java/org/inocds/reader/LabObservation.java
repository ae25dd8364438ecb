package org.inocds.reader;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;

/**
 * An Observation as the record reads it — only the fields a rule needs: its id, status, code, date, value, its reference
 * ranges (upper limit and population) and its interpretations. Most of a long history is Observations, so these are read
 * straight from the request's JSON where they have the common shape ({@link ObservationTreeReader}) and from HAPI's
 * model otherwise ({@link #of}); {@link LabReader} and {@link BodyMeasureReader} read this, whichever way it came.
 *
 * @param id the resource id; null when it has none
 * @param status the status code; null when it has none
 * @param date the site's calendar day (see {@link FhirDates}): effective time, else issued
 * @param effectiveDateTime effective[x] as written when it is a dateTime (the draw's time: results of one draw share it)
 * @param ranges the reference ranges that have an upper limit, in the order sent (the lab's ULN, per sex or age band)
 */
record LabObservation(String id, String status, CodedConcept code, Optional<LocalDate> date, Optional<String> effectiveDateTime,
        Optional<ObservedValue> value, List<ObservedRange> ranges, List<CodedConcept> interpretations) {

    LabObservation {
        ranges = List.copyOf(ranges);
        interpretations = List.copyOf(interpretations);
    }

    /** Statuses whose result is not a result (never made, withdrawn, or written in error). */
    private static final List<String> NOT_COUNTED = List.of("entered-in-error", "cancelled", "registered");

    /** Whether the result counts: not withdrawn, in error or merely registered. */
    boolean counts() {
        return status == null || !NOT_COUNTED.contains(status);
    }

    String reference() {
        return "Observation/" + id;
    }

    /** From HAPI's model: the reading of any Observation the tree reader leaves to HAPI. */
    static LabObservation of(Observation o, FhirDates dates) {
        Optional<ObservedValue> value = Optional.empty();
        if (o.getValue() instanceof Quantity q) {
            value = Optional.of(ObservedQuantity.of(q));
        } else if (o.getValue() instanceof CodeableConcept cc) {
            value = Optional.of(CodedConcept.of(cc));
        } else if (o.getValue() instanceof StringType s) {
            value = Optional.of(new ObservedValue.Text(s.getValue()));
        } else if (o.getValue() instanceof BooleanType b) {
            value = Optional.of(new ObservedValue.Flag(b.getValue()));
        }
        List<ObservedRange> ranges = new ArrayList<>();
        o.getReferenceRange().forEach(r -> ObservedRange.of(r).ifPresent(ranges::add));
        List<CodedConcept> interpretations = new ArrayList<>();
        o.getInterpretation().forEach(i -> interpretations.add(CodedConcept.of(i)));
        Optional<String> effective = o.hasEffectiveDateTimeType()
                ? Optional.ofNullable(o.getEffectiveDateTimeType().getValueAsString()) : Optional.empty();
        return new LabObservation(o.getIdElement().getIdPart(), o.getStatus() != null ? o.getStatus().toCode() : null,
                CodedConcept.of(o.getCode()), dates.observationDate(o), effective, value, ranges, interpretations);
    }
}
