package org.inocds.reader;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Type;

/**
 * How a date is read from FHIR: the calendar day at the site (docs/design.md "Dates"). The label counts days between
 * doses (用法・用量: days 1, 8 and 15; 6 days apart at least), and the days that count are the ones the patient and the
 * ward live in: a value with a time is a moment, converted to the site's time zone before its date is taken, so that a
 * dose at 08:00+09:00 and a draft sent by a UTC system as 23:30Z of the day before fall on their Tokyo days whatever
 * offset each system writes. A value with a date only (no time) is that date; a month or a year alone, its first day.
 */
final class FhirDates {

    private final ZoneId site;

    /** @param site the site's time zone ({@code inocds.site.time-zone}) */
    FhirDates(ZoneId site) {
        this.site = site;
    }

    /** The site's calendar day of a date or dateTime (see the class). */
    LocalDate localDate(BaseDateTimeType dt) {
        boolean hasTime = dt.getPrecision() != null && dt.getPrecision().ordinal() > TemporalPrecisionEnum.DAY.ordinal();
        if (!hasTime || (dt.getTimeZone() == null && !dt.isTimeZoneZulu())) {
            // a date alone is that date; a time without its zone (not valid FHIR) is taken as written, never as the server's zone
            return LocalDate.of(dt.getYear(), dt.getMonth() + 1, dt.getDay());
        }
        return LocalDate.ofInstant(dt.getValue().toInstant(), site);
    }

    /**
     * The site's day of a dateTime as written in the strict forms {@link ObservationTreeReader} accepts: {@code yyyy-MM-dd},
     * or a full time with its zone ({@code Z} or an offset), which {@link OffsetDateTime} reads.
     */
    LocalDate localDate(String text) {
        return text.length() == 10 ? LocalDate.parse(text) : OffsetDateTime.parse(text).atZoneSameInstant(site).toLocalDate();
    }

    /** An Observation's date: its effective dateTime, period start or instant, else when it was issued. */
    Optional<LocalDate> observationDate(Observation o) {
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
    Optional<LocalDate> dateOf(Type t) {
        if (t instanceof BaseDateTimeType dt && dt.getValue() != null) {
            return Optional.of(localDate(dt));
        }
        if (t instanceof Period p && p.hasStart()) {
            return Optional.of(localDate(p.getStartElement()));
        }
        return Optional.empty();
    }
}
