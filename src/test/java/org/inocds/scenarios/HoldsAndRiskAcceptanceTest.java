package org.inocds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.medicationOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFhirServer;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.inocds.support.Cards;
import org.inocds.support.HookRequests;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;

/** Issue 4's acceptance points over HTTP, on the demo and scenario patients loaded in the embedded FHIR server. */
class HoldsAndRiskAcceptanceTest extends ServiceHttpTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.inocds.sandbox.SandboxStore store;

    @org.junit.jupiter.api.BeforeEach
    void loadScenarios() throws java.io.IOException {
        org.inocds.sandbox.DemoData.load(FhirContext.forR4Cached(), store, "file:fhir-resources/scenarios/*.bundle.json",
                org.inocds.support.FixedClockConfiguration.TODAY);
    }

    private JsonNode sign(String patient, String mg) {
        var request = orderHook("order-sign", patient, inotuzumabOrder("draft-1", patient, new BigDecimal(mg), "mg", "2026-01-10"));
        var answer = cds.call("inotuzumab-order-sign", withFhirServer(request, cds.fhirBase()));
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void activeVodSosIsACriticalDiscontinueCardWithADeleteSuggestion() {
        JsonNode card = Cards.card(sign("s40-vod-active", "1.60"), "HEP-1");
        assertThat(card.get("indicator").asText()).isEqualTo("critical");
        assertThat(card.at("/source/topic/code").asText()).isEqualTo("discontinue");
        JsonNode action = card.at("/suggestions/0/actions/0");
        assertThat(action.get("type").asText()).isEqualTo("delete");
        assertThat(action.get("resourceId").asText()).isEqualTo("MedicationRequest/draft-1");
        assertThat(action.has("resource")).isFalse();
        assertThat(card.get("summary").asText()).contains("Hepatic veno-occlusive disease");
    }

    @Test
    void signingBusulfanAndMelphalanAfterInotuzumabNamesBoth() {
        var request = orderHook("order-sign", "s52-conditioning-two-alkylators",
                medicationOrder("b", "s52-conditioning-two-alkylators", HookRequests.RXNORM, "1828", "busulfan", new BigDecimal("100"), "mg", "2026-01-10"),
                medicationOrder("m", "s52-conditioning-two-alkylators", HookRequests.RXNORM, "6718", "melphalan", new BigDecimal("140"), "mg", "2026-01-10"));
        var answer = cds.call("inotuzumab-order-sign", withFhirServer(request, cds.fhirBase()), "ja");
        JsonNode card = Cards.card(answer.json(), "VOD-2");
        assertThat(card.at("/source/topic/code").asText()).isEqualTo("vod-risk");
        assertThat(card.get("summary").asText()).contains("busulfan", "melphalan", "アルキル化剤");
        // the same orders for a patient never given inotuzumab say nothing
        var untreated = orderHook("order-sign", "demo-us-c1d1",
                medicationOrder("b", "demo-us-c1d1", HookRequests.RXNORM, "1828", "busulfan", new BigDecimal("100"), "mg", "2026-01-10"),
                medicationOrder("m", "demo-us-c1d1", HookRequests.RXNORM, "6718", "melphalan", new BigDecimal("140"), "mg", "2026-01-10"));
        assertThat(cds.call("inotuzumab-order-sign", withFhirServer(untreated, cds.fhirBase())).body()).isEqualTo("{\"cards\":[]}");
    }

    @Test
    void japaneseCodedTwinGivesTheSameDecisionsAsItsLoincTwin() {
        JsonNode jp = sign("s48-twin-jlac", "1.60");
        JsonNode loinc = sign("s49-twin-loinc", "1.60");
        assertThat(decisions(jp)).isEqualTo(decisions(loinc)).contains("HEM-1/warning/hold-hematologic");
        // the JLAC10 twin's ANC was derived from WBC × neutrophil % (5,000 × 18 % = 900) and says so
        assertThat(Cards.card(jp, "HEM-1").get("detail").asText()).contains("900/µL", "WBC 5,000/µL × 18 %");
        assertThat(Cards.card(loinc, "HEM-1").get("detail").asText()).contains("900/µL");
        // and with normal values neither twin holds: the Japanese demo patient at cycle 2 is quiet like a LOINC one
        assertThat(Cards.alerts(sign("demo-jp-c2", "1.39"))).isEmpty();
    }

    @Test
    void premedicationSuggestionsCreateValidR4Orders() {
        JsonNode card = Cards.card(sign("s32-no-premedication", "1.60"), "PRE-1");
        assertThat(card.get("selectionBehavior").asText()).isEqualTo("any");
        assertThat(card.get("suggestions")).hasSize(3);
        FhirContext fhir = FhirContext.forR4Cached();
        var validator = fhir.newValidator().registerValidatorModule(new FhirInstanceValidator(new ValidationSupportChain(
                new DefaultProfileValidationSupport(fhir), new InMemoryTerminologyServerValidationSupport(fhir),
                new CommonCodeSystemsTerminologyService(fhir))));
        List<String> drugs = new ArrayList<>();
        for (JsonNode suggestion : card.get("suggestions")) {
            JsonNode action = suggestion.at("/actions/0");
            assertThat(action.get("type").asText()).isEqualTo("create");
            JsonNode resource = action.get("resource");
            drugs.add(resource.at("/medicationCodeableConcept/text").asText());
            assertThat(resource.at("/subject/reference").asText()).isEqualTo("Patient/s32-no-premedication");
            var errors = validator.validateWithResult(resource.toString()).getMessages().stream()
                    .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()).toList();
            assertThat(errors).as(resource.toString()).isEmpty();
        }
        assertThat(drugs).containsExactlyInAnyOrder("acetaminophen", "diphenhydramine", "hydrocortisone");
    }

    @Test
    void patientViewShowsTheStatusOfATreatedPatientAndNothingForOthers() {
        var treated = cds.call("inotuzumab-patient-view", withFhirServer(HookRequests.patientView("s53-patient-view-status"), cds.fhirBase()));
        JsonNode status = Cards.card(treated.json(), "STATUS-1");
        assertThat(status.get("summary").asText()).contains("C1D15", "C2D1", "2026-01-10", "1.60 mg");
        assertThat(status.get("detail").asText()).contains("3 doses given", "Regimen timeline");
        var untreated = cds.call("inotuzumab-patient-view", withFhirServer(HookRequests.patientView("demo-us-c1d1"), cds.fhirBase()));
        assertThat(untreated.body()).isEqualTo("{\"cards\":[]}");
    }

    private static List<String> decisions(JsonNode response) {
        List<String> out = new ArrayList<>();
        response.get("cards").forEach(c -> out.add(c.at("/extension/inocds.finding/rules/0").asText() + "/"
                + c.get("indicator").asText() + "/" + c.at("/source/topic/code").asText()));
        out.sort(String::compareTo);
        return out;
    }

    /**
     * Issue 23: a hold's summary leads with the patient's failing count and its date-independent limit, naming only what
     * fails, under 140 characters in both languages (an EHR may show summaries only).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "s33-hem1-anc-900|en|HOLD C2D1: ANC 900/µL (under 1,000)|PLT",
            "s33-hem1-anc-900|ja|休薬（C2D1）：好中球数 900/µL（1,000 未満）|血小板",
            "s71-hem2-one-baseline|en|HOLD C2D1: PLT 40,000/µL (under 50,000)|ANC",
            "s71-hem2-one-baseline|ja|休薬（C2D1）：血小板数 40,000/µL（50,000 未満）|好中球"})
    void aHoldSummaryLeadsWithThePatientsFailingCount(String patient, String language, String leads, String notNamed) {
        var request = orderHook("order-sign", patient, inotuzumabOrder("draft-1", patient, new BigDecimal("1.60"), "mg", "2026-01-10"));
        var answer = cds.call("inotuzumab-order-sign", withFhirServer(request, cds.fhirBase()), language);
        String rule = patient.startsWith("s33") ? "HEM-1" : "HEM-2";
        String summary = Cards.card(answer.json(), rule).get("summary").asText();
        assertThat(summary).startsWith(leads).doesNotContain(notNamed).hasSizeLessThan(140);
    }
}
