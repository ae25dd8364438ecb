package org.inocds.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** Demo Bundles keep their shape whenever they run: every date moves so that the Bundle's timestamp is today. */
class DemoDataTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String DEMO = "classpath:fhir-resources/demo/*.json";

    @Test
    void datesAreUsedAsWrittenOnTheBundlesDay() throws Exception {
        var store = new SandboxStore();
        DemoData.load(FHIR, store, DEMO, LocalDate.of(2026, 1, 10));
        var weight = (Observation) store.get("Observation", "demo-jp-c2-weight").orElseThrow();
        assertThat(weight.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-01-08");
    }

    @Test
    void everyDateMovesByTheSameDaysKeepingPrecisionAndZone() throws Exception {
        var store = new SandboxStore();
        int loaded = DemoData.load(FHIR, store, DEMO, LocalDate.of(2026, 3, 1)); // 50 days after 2026-01-10
        assertThat(loaded).isEqualTo(store.size()).isGreaterThanOrEqualTo(19);
        var weight = (Observation) store.get("Observation", "demo-jp-c2-weight").orElseThrow();
        assertThat(weight.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-02-27");
        var dose = (MedicationAdministration) store.get("MedicationAdministration", "demo-jp-c2-c1d1").orElseThrow();
        assertThat(dose.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-02-01T10:00:00+09:00");
        var patient = (Patient) store.get("Patient", "demo-jp-c2").orElseThrow();
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1965-04-02"); // age is kept too
    }

    /** Each demo patient carries its Bundle's one-line story, which the demo page shows beside the picker. */
    @Test
    void eachDemoPatientCarriesItsStory() throws Exception {
        var store = new SandboxStore();
        DemoData.load(FHIR, store, DEMO, LocalDate.of(2026, 1, 10));
        var patient = (org.hl7.fhir.r4.model.Patient) store.get("Patient", "s33-hem1-anc-900").orElseThrow();
        assertThat(patient.getMeta().getTag()).anySatisfy(t -> {
            assertThat(t.getSystem()).isEqualTo(DemoData.STORY_SYSTEM);
            assertThat(t.getDisplay()).isEqualTo("C2D1: baseline ANC 2,500, now 900/µL → hold");
        });
        assertThat(store.all("Patient")).allSatisfy(p -> assertThat(p.getMeta().getTag())
                .as(p.getIdElement().getIdPart()).anySatisfy(t -> assertThat(t.getDisplay()).isNotBlank()));
    }
}
