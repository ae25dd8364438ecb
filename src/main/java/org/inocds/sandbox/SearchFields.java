package org.inocds.sandbox;

import java.util.Calendar;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Type;

/**
 * The fields the sandbox searches on, per resource type, under their R4 search parameter names. A
 * parameter a type does not have is refused (400), so a wrong prefetch template shows at once.
 */
final class SearchFields {

    private SearchFields() {}

    /** The R4 name of the date parameter of each type. */
    static Optional<String> dateParameter(String type) {
        return Optional.ofNullable(switch (type) {
            case "Observation", "Procedure", "AdverseEvent", "CarePlan" -> "date";
            case "MedicationAdministration" -> "effective-time";
            case "MedicationRequest" -> "authoredon";
            case "ServiceRequest" -> "authored";
            case "Condition" -> "onset-date";
            default -> null;
        });
    }

    static boolean hasPatient(String type) {
        return !type.equals("Patient") && !type.equals("Medication");
    }

    static Optional<Reference> patient(Resource r) {
        if (r instanceof Observation o) return Optional.of(o.getSubject());
        if (r instanceof Condition c) return Optional.of(c.getSubject());
        if (r instanceof MedicationRequest m) return Optional.of(m.getSubject());
        if (r instanceof MedicationAdministration m) return Optional.of(m.getSubject());
        if (r instanceof Procedure p) return Optional.of(p.getSubject());
        if (r instanceof ServiceRequest s) return Optional.of(s.getSubject());
        if (r instanceof AllergyIntolerance a) return Optional.of(a.getPatient());
        if (r instanceof AdverseEvent a) return Optional.of(a.getSubject());
        if (r instanceof CarePlan c) return Optional.of(c.getSubject());
        return Optional.empty();
    }

    /** Codings of the {@code code} parameter; empty when the type has none. */
    static Optional<List<Coding>> code(Resource r) {
        CodeableConcept cc = null;
        if (r instanceof Observation o) cc = o.getCode();
        else if (r instanceof Condition c) cc = c.getCode();
        else if (r instanceof Procedure p) cc = p.getCode();
        else if (r instanceof ServiceRequest s) cc = s.getCode();
        else if (r instanceof AllergyIntolerance a) cc = a.getCode();
        else if (r instanceof AdverseEvent a) cc = a.getEvent();
        else if (r instanceof MedicationRequest m) cc = m.hasMedicationCodeableConcept() ? m.getMedicationCodeableConcept() : new CodeableConcept();
        else if (r instanceof MedicationAdministration m) cc = m.hasMedicationCodeableConcept() ? m.getMedicationCodeableConcept() : new CodeableConcept();
        return Optional.ofNullable(cc).map(CodeableConcept::getCoding);
    }

    static Optional<List<Coding>> category(Resource r) {
        if (r instanceof Observation o) return Optional.of(o.getCategory().stream().flatMap(c -> c.getCoding().stream()).toList());
        if (r instanceof Condition c) return Optional.of(c.getCategory().stream().flatMap(x -> x.getCoding().stream()).toList());
        if (r instanceof ServiceRequest s) return Optional.of(s.getCategory().stream().flatMap(x -> x.getCoding().stream()).toList());
        if (r instanceof CarePlan c) return Optional.of(c.getCategory().stream().flatMap(x -> x.getCoding().stream()).toList());
        return Optional.empty();
    }

    /** The {@code status} parameter (or {@code clinical-status} for Condition and AllergyIntolerance). */
    static Optional<String> status(Resource r) {
        if (r instanceof Observation o) return Optional.of(o.hasStatus() ? o.getStatus().toCode() : "");
        if (r instanceof MedicationRequest m) return Optional.of(m.hasStatus() ? m.getStatus().toCode() : "");
        if (r instanceof MedicationAdministration m) return Optional.of(m.hasStatus() ? m.getStatus().toCode() : "");
        if (r instanceof Procedure p) return Optional.of(p.hasStatus() ? p.getStatus().toCode() : "");
        if (r instanceof ServiceRequest s) return Optional.of(s.hasStatus() ? s.getStatus().toCode() : "");
        if (r instanceof CarePlan c) return Optional.of(c.hasStatus() ? c.getStatus().toCode() : "");
        return Optional.empty();
    }

    static Optional<String> clinicalStatus(Resource r) {
        if (r instanceof Condition c) return Optional.of(c.getClinicalStatus().getCodingFirstRep().getCode());
        if (r instanceof AllergyIntolerance a) return Optional.of(a.getClinicalStatus().getCodingFirstRep().getCode());
        return Optional.empty();
    }

    /** The resource's searchable date as an interval in epoch ms, start and end inclusive. */
    static Optional<long[]> date(Resource r) {
        Type t = null;
        if (r instanceof Observation o) t = o.hasEffective() ? o.getEffective() : o.getIssuedElement();
        else if (r instanceof Procedure p) t = p.getPerformed();
        else if (r instanceof AdverseEvent a) t = a.getDateElement();
        else if (r instanceof CarePlan c) t = c.getPeriod();
        else if (r instanceof MedicationAdministration m) t = m.getEffective();
        else if (r instanceof MedicationRequest m) t = m.getAuthoredOnElement();
        else if (r instanceof ServiceRequest s) t = s.getAuthoredOnElement();
        else if (r instanceof Condition c) t = c.getOnset();
        return interval(t);
    }

    private static Optional<long[]> interval(Type t) {
        if (t instanceof BaseDateTimeType dt && dt.getValue() != null) {
            return Optional.of(new long[] {dt.getValue().getTime(), end(dt)});
        }
        if (t instanceof Period p && (p.hasStart() || p.hasEnd())) {
            long start = p.hasStart() ? p.getStart().getTime() : Long.MIN_VALUE;
            long end = p.hasEnd() ? end(p.getEndElement()) : Long.MAX_VALUE;
            return Optional.of(new long[] {start, end});
        }
        return Optional.empty();
    }

    /** The last millisecond a date of this precision covers (2024-01-05 covers the whole day). */
    private static long end(BaseDateTimeType dt) {
        var copy = (BaseDateTimeType) dt.copy();
        var precision = dt.getPrecision();
        switch (precision) {
            case YEAR -> copy.add(Calendar.YEAR, 1);
            case MONTH -> copy.add(Calendar.MONTH, 1);
            case DAY -> copy.add(Calendar.DATE, 1);
            case MINUTE -> copy.add(Calendar.MINUTE, 1);
            case SECOND -> copy.add(Calendar.SECOND, 1);
            default -> copy.add(Calendar.MILLISECOND, 1);
        }
        return copy.getValue().getTime() - 1;
    }
}
