package org.inocds.support;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.inocds.record.BodyMeasure;
import org.inocds.record.DataIssue;
import org.inocds.record.InotuzumabDose;
import org.inocds.record.PatientRecord;

/** A small builder of patient facts for rule tests (no FHIR): {@code Patients.patient().height(...)…}. */
public final class Patients {

    private final List<BodyMeasure> heights = new ArrayList<>();
    private final List<BodyMeasure> weights = new ArrayList<>();
    private final List<BodyMeasure> bsas = new ArrayList<>();
    private final List<InotuzumabDose> doses = new ArrayList<>();
    private final List<DataIssue> issues = new ArrayList<>();

    public static Patients patient() {
        return new Patients();
    }

    public Patients height(String cm, LocalDate date) {
        heights.add(new BodyMeasure(new BigDecimal(cm), date, "Observation/h" + heights.size()));
        return this;
    }

    public Patients weight(String kg, LocalDate date) {
        weights.add(new BodyMeasure(new BigDecimal(kg), date, "Observation/w" + weights.size()));
        return this;
    }

    public Patients recordedBsa(String m2, LocalDate date) {
        bsas.add(new BodyMeasure(new BigDecimal(m2), date, "Observation/b" + bsas.size()));
        return this;
    }

    public Patients dose(LocalDate date, String mg) {
        doses.add(new InotuzumabDose(date, Optional.ofNullable(mg).map(BigDecimal::new), "MedicationAdministration/a" + doses.size()));
        return this;
    }

    public Patients issue(DataIssue issue) {
        issues.add(issue);
        return this;
    }

    public PatientRecord build() {
        return new PatientRecord("p1", Optional.of(LocalDate.of(1980, 1, 1)), heights, weights, bsas, doses, issues);
    }
}
