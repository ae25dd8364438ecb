package org.inocds.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.inocds.knowledge.Units;
import org.inocds.reader.ValueSetReader;
import org.inocds.reader.HapiPatientRecordReader;
import org.inocds.reader.PatientData;
import org.inocds.reader.PrefetchOutcome;
import org.inocds.record.Analyte;
import org.inocds.record.BodyMeasure;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.PatientRecord;
import org.inocds.regimen.PlacedDose;
import org.inocds.regimen.RegimenTimeline;
import org.inocds.rules.PatientReview;
import org.inocds.support.FixedClockConfiguration;
import org.inocds.support.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
        assertThat(dose.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-02-08T10:00:00+09:00");
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

    /**
     * The demo page in Japanese tells each story in Japanese: every demo patient's story tag carries, after loading, a
     * translation extension (lang ja) on its display, its content Japanese and not the English display.
     */
    @Test
    void eachDemoPatientsStoryIsTranslatedIntoJapanese() throws Exception {
        var store = new SandboxStore();
        DemoData.load(FHIR, store, DEMO, LocalDate.of(2026, 1, 10));
        assertThat(store.all("Patient")).hasSizeGreaterThanOrEqualTo(26).allSatisfy(p -> {
            var story = p.getMeta().getTag().stream().filter(t -> DemoData.STORY_SYSTEM.equals(t.getSystem())).findFirst().orElseThrow();
            var translations = story.getDisplayElement().getExtensionsByUrl("http://hl7.org/fhir/StructureDefinition/translation");
            assertThat(translations).as(p.getIdElement().getIdPart()).singleElement().satisfies(x -> {
                assertThat(x.getExtensionByUrl("lang").getValue().primitiveValue()).isEqualTo("ja");
                String ja = x.getExtensionByUrl("content").getValue().primitiveValue();
                assertThat(ja).isNotEqualTo(story.getDisplay()).containsPattern("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}]");
            });
        });
    }

    // --- each demo patient's chart tells its story (issue 23, deliverable 7) ---------------------------------------------

    /**
     * The label asks for liver tests (bilirubin, AST, ALT: 警告 2, 重要な基本的注意 (1)) and blood counts (重要な基本的注意 (2))
     * before each dose; the rules read them within the lab window of 7 days (docs/rule-catalogue.md MON-1, MON-2). So a demo chart
     * must hold, within the 7 days up to and including each date: every dose given, the day each late dose fell due (the
     * counts that held it), and the demo call's own date (and the day its dose fell due when it is late) — so that each
     * pane of the timeline has results around every dose and hold, and no card of the demo rests on a missing result.
     */
    private static final int LAB_WINDOW_DAYS = 7;
    private static final List<Analyte> BEFORE_EACH_DOSE = List.of(Analyte.ANC, Analyte.PLATELETS, Analyte.BILIRUBIN_TOTAL, Analyte.AST,
            Analyte.ALT);
    private static final LocalDate TODAY = FixedClockConfiguration.TODAY;
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> demoBundles() throws IOException {
        try (var files = Files.list(Path.of("fhir-resources/demo"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    private static HapiPatientRecordReader reader;

    @BeforeAll
    static void reader() throws Exception {
        reader = new HapiPatientRecordReader(FHIR, ValueSetReader.codeSets(FHIR, List.of("classpath:fhir-resources/knowledge/*.json")), new Units(),
                FixedClockConfiguration.ZONE);
    }

    private static PatientRecord record(Path bundle) throws IOException {
        var json = (ObjectNode) JSON.readTree(bundle.toFile());
        List<ObjectNode> resources = new ArrayList<>();
        json.withArray("entry").forEach(e -> resources.add((ObjectNode) e.get("resource")));
        String patient = resources.stream().filter(r -> r.path("resourceType").asText().equals("Patient")).findFirst().orElseThrow()
                .get("id").asText();
        return reader.read(new PatientData(patient, Map.of("sandbox",
                new PrefetchOutcome("sandbox", PrefetchOutcome.Status.FETCHED, resources, Optional.empty()))));
    }

    /** Each date that needs the results before it, with what happens on it. */
    private static Map<LocalDate, String> events(PatientRecord record) {
        RegimenTimeline timeline = PatientReview.timeline(record, Settings.defaults());
        Map<LocalDate, String> events = new TreeMap<>();
        for (PlacedDose d : timeline.allDoses()) {
            events.put(d.date(), "C" + d.cycle() + "D" + d.day() + " given");
            if (d.delayDays() > 0) {
                events.put(d.scheduled(), "C" + d.cycle() + "D" + d.day() + " due (held " + d.delayDays() + " days)");
            }
        }
        var call = timeline.place(TODAY, Optional.empty());
        events.put(TODAY, "the demo call (C" + call.cycleDay().cycle() + "D" + call.cycleDay().day() + ")");
        if (call.delayDays() > 0) {
            events.putIfAbsent(call.scheduled(), "C" + call.cycleDay().cycle() + "D" + call.cycleDay().day() + " due (held "
                    + call.delayDays() + " days by the demo day)");
        }
        return events;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("demoBundles")
    void everyDoseAndHoldHasCountsAndLiverTestsInTheWeekBefore(Path bundle) throws IOException {
        PatientRecord record = record(bundle);
        events(record).forEach((date, event) -> {
            for (Analyte analyte : BEFORE_EACH_DOSE) {
                assertThat(record.results(analyte, date))
                        .as("%s: %s on %s needs a %s result from %s to %s", record.patientId(), event, date, analyte,
                                date.minusDays(LAB_WINDOW_DAYS), date)
                        .anySatisfy(r -> assertThat(r.date()).isAfterOrEqualTo(date.minusDays(LAB_WINDOW_DAYS)).isBeforeOrEqualTo(date));
            }
        });
    }

    /** The header and the dose need them: a name, a birth date (the age), a height and a weight (the BSA). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("demoBundles")
    void everyDemoPatientHasANameAnAgeAndABodySize(Path bundle) throws IOException {
        var json = JSON.readTree(bundle.toFile());
        var patient = json.findValues("resource").stream().filter(r -> r.path("resourceType").asText().equals("Patient")).findFirst()
                .orElseThrow();
        assertThat(patient.at("/name/0/family").asText()).as("family name").isNotBlank();
        PatientRecord record = record(bundle);
        assertThat(record.birthDate()).as("birth date").isPresent();
        assertThat(record.heightsCm()).as("height").isNotEmpty();
        assertThat(record.weightsKg()).as("weight").isNotEmpty();
    }

    /**
     * The sandbox shows people, not test fixtures: no name says "Scenario" or repeats the id; a patient whose chart is
     * Japanese (JLAC10 codes or bilirubin in µmol/L) has a kanji name (IDE) and its kana (SYL), the others a Latin name.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("demoBundles")
    void everyDemoPatientHasABelievableName(Path bundle) throws IOException {
        String text = Files.readString(bundle);
        var patient = JSON.readTree(text).findValues("resource").stream().filter(r -> r.path("resourceType").asText().equals("Patient"))
                .findFirst().orElseThrow();
        String id = patient.path("id").asText();
        for (var name : patient.path("name")) {
            assertThat(name.toString()).as(id + " name").doesNotContain("Scenario").doesNotContain(id);
        }
        if (text.contains("master-JLAC10") || text.contains("\"umol/L\"")) {
            var representations = new ArrayList<String>();
            patient.path("name").forEach(n -> representations.add(n.at("/extension/0/valueCode").asText() + " " + n.path("family").asText()));
            assertThat(representations).as(id + ": kanji and kana").anyMatch(r -> r.matches("IDE \\p{IsHan}+"))
                    .anyMatch(r -> r.matches("SYL \\p{InKatakana}+"));
        } else {
            assertThat(patient.at("/name/0/family").asText()).as(id + " family name").matches("[A-Z][a-z]+");
        }
    }

    /**
     * A patient presented with active VOD/SOS shows what the diagnosis rests on (the modified Seattle and Baltimore criteria):
     * total bilirubin of 2 mg/dL or more, and a weight gain of 5 % or more since before the first dose.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("demoBundles")
    void aPatientPresentedWithVodSosHasItsBilirubinAndWeightGain(Path bundle) throws IOException {
        PatientRecord record = record(bundle);
        if (!record.has(ClinicalConcept.VOD_SOS, ClinicalFact.Status.ACTIVE)) {
            return;
        }
        var bilirubin = record.results(Analyte.BILIRUBIN_TOTAL, TODAY);
        assertThat(bilirubin).as(record.patientId() + " bilirubin").isNotEmpty();
        assertThat(bilirubin.get(0).value()).as(record.patientId() + " newest bilirubin, mg/dL").isGreaterThanOrEqualTo(new BigDecimal("2.0"));
        LocalDate c1d1 = record.inotuzumabDoses().get(0).date();
        BigDecimal before = PatientRecord.latestOnOrBefore(record.weightsKg(), c1d1).map(BodyMeasure::value).orElseThrow();
        BigDecimal now = PatientRecord.latestOnOrBefore(record.weightsKg(), TODAY).map(BodyMeasure::value).orElseThrow();
        assertThat(now).as(record.patientId() + " weight now against before C1D1 (" + before + " kg)")
                .isGreaterThanOrEqualTo(before.multiply(new BigDecimal("1.05")));
    }

    @Test
    void theDemoHasAPatientWithActiveVodSos() throws IOException {
        List<String> vod = new ArrayList<>();
        for (Path bundle : demoBundles().toList()) {
            PatientRecord record = record(bundle);
            if (record.has(ClinicalConcept.VOD_SOS, ClinicalFact.Status.ACTIVE)) {
                vod.add(record.patientId());
            }
        }
        assertThat(vod).contains("s40-vod-active", "s56-pv-vod-active");
    }
}
