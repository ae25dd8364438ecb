package org.inocds.record;

import java.time.LocalDate;
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
        List<BodyMeasure> heightsCm,
        List<BodyMeasure> weightsKg,
        List<BodyMeasure> recordedBsaM2,
        List<InotuzumabDose> inotuzumabDoses,
        List<DataIssue> dataIssues) {

    public PatientRecord {
        heightsCm = sorted(heightsCm);
        weightsKg = sorted(weightsKg);
        recordedBsaM2 = sorted(recordedBsaM2);
        inotuzumabDoses = inotuzumabDoses.stream().sorted(Comparator.comparing(InotuzumabDose::date)).toList();
        dataIssues = List.copyOf(dataIssues);
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
}
