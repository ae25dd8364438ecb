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
    private final List<org.inocds.record.LabResult> labs = new ArrayList<>();
    private final List<org.inocds.record.ClinicalFact> facts = new ArrayList<>();
    private final List<org.inocds.record.OtherMedication> others = new ArrayList<>();
    private final List<org.inocds.record.InotuzumabAllergy> allergies = new ArrayList<>();
    private final List<org.inocds.record.AdverseEventFact> events = new ArrayList<>();
    private LocalDate birthDate = LocalDate.of(1980, 1, 1);
    private PatientRecord.Sex sex = PatientRecord.Sex.UNKNOWN;

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

    /** An infusion stopped part-way at {@code mg}: given, never an intended reduction. */
    public Patients partialDose(LocalDate date, String mg) {
        doses.add(new InotuzumabDose(date, Optional.of(new BigDecimal(mg)), "MedicationAdministration/a" + doses.size(), true));
        return this;
    }

    public Patients born(LocalDate date) {
        birthDate = date;
        return this;
    }

    public Patients sex(PatientRecord.Sex s) {
        sex = s;
        return this;
    }

    public Patients lab(org.inocds.record.Analyte analyte, String value, LocalDate date) {
        labs.add(new org.inocds.record.LabResult(analyte, new BigDecimal(value), date, date.toString(), Optional.empty(),
                value + " " + analyte.unit(), "Observation/l" + labs.size(), Optional.empty()));
        return this;
    }

    public Patients labResult(org.inocds.record.LabResult result) {
        labs.add(result);
        return this;
    }

    public Patients marrowBlasts(String percent, LocalDate date) {
        return lab(org.inocds.record.Analyte.MARROW_BLASTS_PERCENT, percent, date);
    }

    /** CR/CRi by the label's three criteria: marrow blasts at {@code percent}, no peripheral blasts the same day. */
    public Patients remissionByMarrow(String percent, LocalDate date) {
        return marrowBlasts(percent, date).lab(org.inocds.record.Analyte.PERIPHERAL_BLASTS_PERCENT, "0", date);
    }

    public Patients fact(org.inocds.record.ClinicalConcept concept, org.inocds.record.ClinicalFact.Status status, LocalDate date) {
        facts.add(new org.inocds.record.ClinicalFact(concept, status, Optional.ofNullable(date), concept.name(), "Condition/c" + facts.size()));
        return this;
    }

    public Patients eligibleAll() {
        fact(org.inocds.record.ClinicalConcept.ALL, org.inocds.record.ClinicalFact.Status.ACTIVE, LocalDate.of(2024, 1, 1));
        return fact(org.inocds.record.ClinicalConcept.CD22, org.inocds.record.ClinicalFact.Status.POSITIVE, LocalDate.of(2025, 12, 1));
    }

    public Patients medication(String name, org.inocds.record.OtherMedication.Status status, org.inocds.record.DrugClass... classes) {
        others.add(new org.inocds.record.OtherMedication(name, java.util.Set.of(classes), status, Optional.empty(), "MedicationRequest/m" + others.size(),
                java.util.Set.of()));
        return this;
    }

    public Patients allergy(boolean severe) {
        allergies.add(new org.inocds.record.InotuzumabAllergy("inotuzumab ozogamicin", severe, Optional.empty(), "AllergyIntolerance/a1"));
        return this;
    }

    public Patients adverseEvent(String name, Integer grade, boolean ongoing, LocalDate date, boolean infusion, boolean serious) {
        events.add(new org.inocds.record.AdverseEventFact(name, Optional.ofNullable(grade), false, ongoing, Optional.ofNullable(date),
                false, infusion, serious, "local|" + name, "AdverseEvent/e" + events.size()));
        return this;
    }

    public Patients issue(DataIssue issue) {
        issues.add(issue);
        return this;
    }

    public PatientRecord build() {
        return new PatientRecord("p1", Optional.ofNullable(birthDate), sex, heights, weights, bsas, doses, labs, facts, others,
                allergies, events, issues);
    }
}
