package org.inocds.reader;

import java.time.LocalDate;
import java.util.Optional;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Type;

/**
 * How a date is read from FHIR: the calendar date as the resource writes it, in its own time zone (docs/design.md
 * "Card contract"; the label counts days, and a dose given at 23:30 +09:00 was given on that Japanese date).
 */
final class FhirDates {

    private FhirDates() {}

    /**
     * The calendar date as written in the resource (in its own time zone): a dose given at 23:30 +09:00 was
     * given on that Japanese date, whatever the server's zone.
     */
    static LocalDate localDate(BaseDateTimeType dt) {
        return LocalDate.of(dt.getYear(), dt.getMonth() + 1, dt.getDay());
    }

    /** An Observation's date: its effective dateTime, period start or instant, else when it was issued. */
    static Optional<LocalDate> observationDate(Observation o) {
        if (o.hasEffectiveDateTimeType() && o.getEffectiveDateTimeType().getValue() != null) {
            return Optional.of(localDate(o.getEffectiveDateTimeType()));
        }
        if (o.hasEffectivePeriod() && o.getEffectivePeriod().hasStart()) {
            return Optional.of(localDate(o.getEffectivePeriod().getStartElement()));
        }
        if (o.hasEffectiveInstantType()) {
            return Optional.of(localDate(o.getEffectiveInstantType()));
        }
        if (o.hasIssued()) {
            return Optional.of(localDate(o.getIssuedElement()));
        }
        return Optional.empty();
    }

    /** A dateTime, or the start of a Period; empty for anything else. */
    static Optional<LocalDate> dateOf(Type t) {
        if (t instanceof BaseDateTimeType dt && dt.getValue() != null) {
            return Optional.of(localDate(dt));
        }
        if (t instanceof Period p && p.hasStart()) {
            return Optional.of(localDate(p.getStartElement()));
        }
        return Optional.empty();
    }
}
