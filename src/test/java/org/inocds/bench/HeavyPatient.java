package org.inocds.bench;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.inocds.sandbox.SandboxStore;

/** A synthetic heavy patient for the benchmark: 6 cycles given and 9 labs every other day for 170 days. */
final class HeavyPatient {

    static final String ID = "bench-heavy";

    private HeavyPatient() {}

    static int load(SandboxStore store) {
        return load(store, ID, 1, true);
    }

    /**
     * A heavy patient with {@code draws} lab draws on every sampling day (1 = the heavy patient; 4 and 8 scale its
     * history), treated (6 cycles) or never given inotuzumab (the patient-view path for most charts).
     */
    static int load(SandboxStore store, String id, int draws, boolean treated) {
        int n = 0;
        var patient = new Patient();
        patient.setId(id);
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        patient.setBirthDate(java.sql.Date.valueOf("1970-03-03"));
        store.put(patient);
        n++;
        LocalDate today = LocalDate.of(2026, 1, 10);
        LocalDate day1 = today.minusDays(21 + 28 * 5);
        for (int c = 1; treated && c <= 6; c++) {
            for (int d : new int[] {0, 7, 14}) {
                store.put(dose(id, n++, day1.plusDays(d), c == 1 && d == 0 ? "1.60" : "1.00"));
            }
            day1 = day1.plusDays(c == 1 ? 21 : 28);
        }
        String[][] labs = {{"1975-2", "0.7", "mg/dL"}, {"1920-8", "24", "U/L"}, {"1742-6", "20", "U/L"}, {"751-8", "2.1", "10*3/uL"},
            {"777-3", "160", "10*3/uL"}, {"6690-2", "4.2", "10*3/uL"}, {"770-8", "50", "%"}, {"3040-3", "30", "U/L"}, {"1798-8", "70", "U/L"}};
        for (LocalDate d = today.minusDays(170); !d.isAfter(today); d = d.plusDays(2)) {
            for (int draw = 0; draw < draws; draw++) {
                for (String[] lab : labs) {
                    store.put(observation(id, n++, lab[0], lab[1], lab[2], d, draw, "laboratory"));
                }
            }
        }
        store.put(observation(id, n++, "8302-2", "165", "cm", today.minusDays(60), 0, "vital-signs"));
        store.put(observation(id, n++, "29463-7", "60", "kg", today.minusDays(1), 0, "vital-signs"));
        return n;
    }

    private static MedicationAdministration dose(String id, int i, LocalDate date, String mg) {
        var ma = new MedicationAdministration();
        ma.setId(id + "-dose-" + i);
        ma.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
        ma.setMedication(new CodeableConcept().addCoding(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "1942950", "inotuzumab ozogamicin")));
        ma.setSubject(new Reference("Patient/" + id));
        ma.setEffective(new DateTimeType(date.toString()));
        ma.getDosage().setDose(new Quantity().setValue(new BigDecimal(mg)).setUnit("mg").setSystem("http://unitsofmeasure.org").setCode("mg"));
        return ma;
    }

    private static Observation observation(String id, int i, String loinc, String value, String unit, LocalDate date, int draw,
            String category) {
        var o = new Observation();
        o.setId(id + "-obs-" + i);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/observation-category", category, null));
        o.setCode(new CodeableConcept().addCoding(new Coding("http://loinc.org", loinc, null)));
        o.setSubject(new Reference("Patient/" + id));
        o.setEffective(new DateTimeType(date + "T%02d:00:00+09:00".formatted(8 + draw)));
        o.setValue(new Quantity().setValue(new BigDecimal(value)).setUnit(unit).setSystem("http://unitsofmeasure.org").setCode(unit));
        return o;
    }
}
