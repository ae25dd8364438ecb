package org.inocds.record;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The facts about one patient that the rules read, in plain values: FHIR stays in {@link
 * PatientRecordReader}. Lists are ordered oldest first.
 */
public record PatientRecord(
        String patientId,
        Optional<LocalDate> birthDate,
        Sex sex,
        List<BodyMeasure> heightsCm,
        List<BodyMeasure> weightsKg,
        List<BodyMeasure> recordedBsaM2,
        List<InotuzumabDose> inotuzumabDoses,
        List<LabResult> labs,
        List<ClinicalFact> facts,
        List<OtherMedication> otherMedications,
        List<InotuzumabAllergy> inotuzumabAllergies,
        List<AdverseEventFact> adverseEvents,
        List<DataIssue> dataIssues) {

    public enum Sex { FEMALE, MALE, OTHER, UNKNOWN }

    public PatientRecord {
        heightsCm = sorted(heightsCm);
        weightsKg = sorted(weightsKg);
        recordedBsaM2 = sorted(recordedBsaM2);
        inotuzumabDoses = InotuzumabDose.onePerDay(inotuzumabDoses); // one dosing day, one dose (RULES §1)
        labs = LabHistory.of(labs);
        facts = List.copyOf(facts);
        otherMedications = List.copyOf(otherMedications);
        inotuzumabAllergies = List.copyOf(inotuzumabAllergies);
        adverseEvents = List.copyOf(adverseEvents);
        dataIssues = List.copyOf(dataIssues);
    }

    /** The same record with facts added (e.g. an HSCT request among this call's draft orders). */
    public PatientRecord withFacts(List<ClinicalFact> more) {
        if (more.isEmpty()) {
            return this;
        }
        var all = new ArrayList<>(facts);
        all.addAll(more);
        return new PatientRecord(patientId, birthDate, sex, heightsCm, weightsKg, recordedBsaM2, inotuzumabDoses, labs, all,
                otherMedications, inotuzumabAllergies, adverseEvents, dataIssues);
    }

    /**
     * The same record with one more dose given: an earlier draft of an order set, taken as given on its planned date when
     * the next draft of the same call is judged (the label digest "Regimen", order sets).
     */
    public PatientRecord withDoseGiven(InotuzumabDose dose) {
        var doses = new ArrayList<>(inotuzumabDoses);
        doses.add(dose);
        return new PatientRecord(patientId, birthDate, sex, heightsCm, weightsKg, recordedBsaM2, doses, labs, facts,
                otherMedications, inotuzumabAllergies, adverseEvents, dataIssues);
    }

    private static List<BodyMeasure> sorted(List<BodyMeasure> measures) {
        return measures.stream().sorted(Comparator.comparing(BodyMeasure::date)).toList();
    }

    /** The newest measure taken on or before {@code date}. */
    public static Optional<BodyMeasure> latestOnOrBefore(List<BodyMeasure> measures, LocalDate date) {
        BodyMeasure found = null;
        for (BodyMeasure m : measures) {
            if (!m.date().isAfter(date)) {
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }

    public boolean everTreated() {
        return !inotuzumabDoses.isEmpty();
    }

    /** Whole years of age on {@code date}, when the birth date is known. */
    public Optional<Integer> ageOn(LocalDate date) {
        return birthDate.map(b -> Period.between(b, date).getYears());
    }

    /** Results of an analyte taken on or before {@code date}, newest first. */
    public List<LabResult> results(Analyte analyte, LocalDate onOrBefore) {
        return ((LabHistory) labs).newestFirst(analyte, onOrBefore);
    }

    /** The newest result of an analyte within {@code windowDays} before {@code date} (inclusive). */
    public Optional<LabResult> latest(Analyte analyte, LocalDate date, int windowDays) {
        return ((LabHistory) labs).latest(analyte, date, windowDays);
    }

    public List<ClinicalFact> facts(ClinicalConcept concept) {
        return facts.stream().filter(f -> f.concept() == concept).toList();
    }

    /**
     * Whether the data of a prefetch key failed or was cut short (DQ-2, DQ-3): rules must not conclude that
     * something is absent from data they never saw.
     */
    public boolean unavailable(RecordPart part) {
        return dataIssues.stream().anyMatch(i -> i.kind().leavesPartUnknown() && i.part().filter(part::equals).isPresent());
    }

    /** The dose history is incomplete: the order cannot be placed in the regimen. */
    public boolean doseHistoryUnavailable() {
        return RecordPart.DOSE_HISTORY.stream().anyMatch(this::unavailable);
    }

    public boolean has(ClinicalConcept concept, ClinicalFact.Status status) {
        return facts.stream().anyMatch(f -> f.concept() == concept && f.status() == status);
    }
}
