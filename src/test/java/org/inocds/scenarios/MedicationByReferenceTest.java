package org.inocds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.RXNORM;
import static org.inocds.support.HookRequests.bundleOf;
import static org.inocds.support.HookRequests.withFullPrefetch;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.inocds.support.Cards;
import org.inocds.support.CdsHttp;
import org.inocds.support.HookRequests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 26 deliverables 1 and 2, over a real port, as Epic sends them: the order as {@code medicationReference} to a
 * Medication whose ingredient strength is the product's (0.9 mg per vial) — carried in draftOrders, contained, in the
 * prefetch, or only on the EHR's FHIR server (a small loopback server started here) — and three dose entries typed
 * {@code calculated} (mg), {@code ordered} (mg/m²) and {@code admin-amount} (mL). The patient is 2.00 m² on C1D1:
 * 1.60 mg expected, 1.76 mg the single-dose cap.
 */
class MedicationByReferenceTest extends ScenarioHttpTest {

    private static final String PATIENT = "demo-us-c1d1";
    private static final String EPIC_TYPES = "http://epic.com/CodeSystem/dose-rate-type";
    private static final String MED_ID = "eAbC.12-3xyz";
    private static final Map<String, String> SERVED = new ConcurrentHashMap<>();
    private static final List<String> ASKED = new CopyOnWriteArrayList<>();
    private static final HttpServer EHR;

    static {
        try {
            EHR = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            EHR.createContext("/fhir/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                ASKED.add(path);
                String id = path.startsWith("/fhir/Medication/") ? path.substring("/fhir/Medication/".length()) : "";
                String body = SERVED.get(id);
                byte[] bytes = (body == null ? "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"not-found\"}]}" : body)
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
                exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            EHR.start();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void allowlist(DynamicPropertyRegistry registry) {
        registry.add("inocds.security.fhir-servers.allowlist[0].origin", () -> "http://127.0.0.1:" + EHR.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        EHR.stop(0);
    }

    @BeforeEach
    void reset() {
        SERVED.clear();
        ASKED.clear();
    }

    private static String ehrBase() {
        return "http://127.0.0.1:" + EHR.getAddress().getPort() + "/fhir";
    }

    /** Epic's Medication: RxNorm codes for the product, the ingredient's strength per vial (the product's, not a dose). */
    static ObjectNode epicMedication(String id) {
        return (ObjectNode) CdsHttp.parse("""
                {"resourceType":"Medication","id":"%s",
                 "code":{"coding":[{"system":"%s","code":"1942959","display":"Besponsa 0.9 MG Injection"},
                                   {"system":"urn:oid:2.16.840.1.113883.6.253","code":"123456"}],
                         "text":"INOTUZUMAB OZOGAMICIN 0.9 MG IV SOLR"},
                 "ingredient":[{"itemCodeableConcept":{"coding":[{"system":"%s","code":"1942950","display":"inotuzumab ozogamicin"}]},
                   "strength":{"numerator":{"value":0.9,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"},
                               "denominator":{"value":1,"unit":"Vial","system":"http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm","code":"VIAL"}}}]}
                """.formatted(id, RXNORM, RXNORM));
    }

    /** A dose entry typed as Epic types it. */
    private static ObjectNode entry(String type, String value, String unit, String code) {
        return (ObjectNode) CdsHttp.parse("""
                {"type":{"coding":[{"system":"%s","code":"%s","display":"%s"}]},
                 "doseQuantity":{"value":%s,"unit":"%s","system":"http://unitsofmeasure.org","code":"%s"}}""".formatted(EPIC_TYPES, type, type, value, unit, code));
    }

    /** Epic's draft order: the drug by reference, with these dose entries. */
    static ObjectNode epicOrder(String id, String reference, String display, ObjectNode... entries) {
        ObjectNode mr = HookRequests.inotuzumabOrder(id, PATIENT, null, null, "2026-01-10");
        mr.remove("medicationCodeableConcept");
        ObjectNode ref = mr.putObject("medicationReference").put("reference", reference);
        if (display != null) {
            ref.put("display", display);
        }
        ArrayNode dar = ((ObjectNode) mr.at("/dosageInstruction/0")).putArray("doseAndRate");
        for (ObjectNode e : entries) {
            dar.add(e);
        }
        return mr;
    }

    private static ObjectNode mg(String value) {
        return entry("calculated", value, "mg", "mg");
    }

    private JsonNode signWithPrefetch(ObjectNode... drafts) throws IOException {
        loaded("s01-c1d1-correct");
        ObjectNode request = HookRequests.orderHook("order-sign", PATIENT, drafts);
        withFullPrefetch(request, cds, "inotuzumab-order-sign");
        request.put("fhirServer", ehrBase());
        var answer = cds.call("inotuzumab-order-sign", request);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static ObjectNode draftBundle(ObjectNode json) {
        return (ObjectNode) json.at("/context/draftOrders");
    }

    @Test
    void aStrengthPerVialInTheDraftOrdersIsNotTheDose() throws IOException {
        // the defect: 3.20 mg read as the Medication's 0.90 mg per vial, and the overdose card never came
        ObjectNode request = HookRequests.orderHook("order-sign", PATIENT, epicOrder("o1", "Medication/" + MED_ID, null, mg("3.2")));
        ((ArrayNode) draftBundle(request).get("entry")).addObject().set("resource", epicMedication(MED_ID));
        loaded("s01-c1d1-correct");
        withFullPrefetch(request, cds, "inotuzumab-order-sign");
        JsonNode answer = cds.call("inotuzumab-order-sign", request).json();
        JsonNode card = Cards.card(answer, "DOSE-3");
        assertThat(card.at("/extension/inocds.finding/orderedDoseMg").decimalValue()).isEqualByComparingTo("3.2");
        assertThat(answer.toString()).doesNotContain("DQ-4");
        assertThat(ASKED).as("nothing fetched: the Medication was in the request").isEmpty();
    }

    @ParameterizedTest(name = "Medication {0}")
    @ValueSource(strings = {"contained", "prefetch", "fhirServer", "absolute"})
    void theMedicationIsFoundWhereverItIs(String where) throws IOException {
        loaded("s01-c1d1-correct");
        String reference = switch (where) {
            case "contained" -> "#m1";
            case "absolute" -> "https://ehr.example.org/api/FHIR/R4/Medication/" + MED_ID;
            default -> "Medication/" + MED_ID;
        };
        ObjectNode order = epicOrder("o1", reference, null, mg("3.2"));
        if (where.equals("contained")) {
            order.putArray("contained").add(epicMedication("m1"));
        }
        ObjectNode request = HookRequests.orderHook("order-sign", PATIENT, order);
        withFullPrefetch(request, cds, "inotuzumab-order-sign");
        request.put("fhirServer", ehrBase());
        if (where.equals("prefetch")) {
            ((ArrayNode) request.at("/prefetch/medicationRequests").withArray("entry")).addObject()
                    .<ObjectNode>set("resource", epicMedication(MED_ID)).putObject("search").put("mode", "include");
        } else {
            SERVED.put(MED_ID, epicMedication(MED_ID).toString());
        }
        JsonNode answer = cds.call("inotuzumab-order-sign", request).json();
        assertThat(Cards.card(answer, "DOSE-3").at("/extension/inocds.finding/orderedDoseMg").decimalValue()).isEqualByComparingTo("3.2");
        assertThat(ASKED).as("read from the FHIR server only when nowhere in the request")
                .isEqualTo(where.equals("fhirServer") || where.equals("absolute") ? List.of("/fhir/Medication/" + MED_ID) : List.of());
    }

    @Test
    void eachMedicationIsFetchedOncePerCall() throws IOException {
        SERVED.put(MED_ID, epicMedication(MED_ID).toString());
        JsonNode answer = signWithPrefetch(epicOrder("o1", "Medication/" + MED_ID, null, mg("1.6")),
                epicOrder("o2", "Medication/" + MED_ID, null, mg("1.6")));
        assertThat(ASKED).containsExactly("/fhir/Medication/" + MED_ID);
        assertThat(answer.toString()).contains("SCHED-5"); // both recognised as inotuzumab
    }

    @Test
    void aMedicationThatCannotBeReadIsSaidAndNeverGuessed() throws IOException {
        JsonNode answer = signWithPrefetch(epicOrder("o1", "Medication/" + MED_ID, null, mg("3.2")));
        assertThat(ASKED).containsExactly("/fhir/Medication/" + MED_ID);
        JsonNode card = Cards.card(answer, "DQ-4");
        assertThat(card.get("detail").asText()).contains("The order for 2026-01-10", "PRE-1");
        assertThat(Cards.rules(answer)).doesNotContain("DOSE-3", "PRE-1");
    }

    @Test
    void withNoWayToReadTheMedicationTheAnswerSaysSo() {
        // no prefetch, no fhirServer: before, {"cards":[]}; the order may be inotuzumab, so a card says it was not checked
        var answer = cds.call("inotuzumab-order-sign", HookRequests.orderHook("order-sign", PATIENT,
                epicOrder("o1", "Medication/" + MED_ID, null, mg("3.2"))));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(Cards.rules(answer.json())).containsExactly("DQ-4");
        assertThat(ASKED).isEmpty();
    }

    @Test
    void anUnreadMedicationNamedInotuzumabIsCheckedByName() throws IOException {
        JsonNode answer = signWithPrefetch(epicOrder("o1", "Medication/" + MED_ID, "INOTUZUMAB OZOGAMICIN 0.9 MG IV SOLR", mg("3.2")));
        assertThat(answer.toString()).contains("DOSE-3");
        assertThat(Cards.card(answer, "DQ-4").get("summary").asText()).contains("name");
    }

    @Test
    void threeDoseEntriesThatAgreeAreJudgedAndChangedTogether() throws IOException {
        // 1.70 mg = 0.85 mg/m² × 2.00 m² = 6.8 mL × 0.25 mg/mL: DOSE-2 (6.25 % over 1.60 mg)
        ObjectNode order = epicOrder("o1", "Medication/" + MED_ID, null,
                mg("1.7"), entry("ordered", "0.85", "mg/m2", "mg/m2"), entry("admin-amount", "6.8", "mL", "mL"));
        ObjectNode request = HookRequests.orderHook("order-sign", PATIENT, order);
        ((ArrayNode) draftBundle(request).get("entry")).addObject().set("resource", epicMedication(MED_ID));
        loaded("s01-c1d1-correct");
        withFullPrefetch(request, cds, "inotuzumab-order-sign");
        JsonNode answer = cds.call("inotuzumab-order-sign", request).json();
        assertThat(answer.toString()).doesNotContain("DQ-4");
        JsonNode card = Cards.card(answer, "DOSE-2");
        JsonNode entries = card.at("/suggestions/0/actions/0/resource/dosageInstruction/0/doseAndRate");
        assertThat(entries).hasSize(3);
        assertThat(entries.at("/0/doseQuantity/value").decimalValue()).isEqualByComparingTo("1.60");
        assertThat(entries.at("/1/doseQuantity/value").decimalValue()).isEqualByComparingTo("0.8");
        assertThat(entries.at("/1/doseQuantity/code").asText()).isEqualTo("mg/m2");
        assertThat(entries.at("/2/doseQuantity/value").decimalValue()).isEqualByComparingTo("6.40");
        assertThat(entries.at("/2/type/coding/0/code").asText()).isEqualTo("admin-amount");
        assertThat(entries.at("/2/doseQuantity/code").asText()).isEqualTo("mL");
        // still valid R4, by HAPI's validator
        FhirContext r4 = FhirContext.forR4Cached();
        var chain = new ValidationSupportChain(new DefaultProfileValidationSupport(r4),
                new InMemoryTerminologyServerValidationSupport(r4), new CommonCodeSystemsTerminologyService(r4));
        FhirValidator validator = r4.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
        var errors = validator.validateWithResult(card.at("/suggestions/0/actions/0/resource").toString()).getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(m -> m.getLocationString() + " " + m.getMessage()).toList();
        assertThat(errors).isEmpty();
    }

    @Test
    void doseEntriesThatDisagreeAreSaid() throws IOException {
        // 3.2 mg calculated beside 0.8 mg/m² ordered (1.60 mg): the overdose is judged on the mg and the disagreement said
        JsonNode answer = signWithPrefetch(epicOrderWithMedication(mg("3.2"), entry("ordered", "0.8", "mg/m2", "mg/m2")));
        assertThat(answer.toString()).contains("DOSE-3");
        // the entries as written are chart text, markdown-escaped in the detail: read as a renderer would show them
        assertThat(Cards.card(answer, "DQ-4").get("detail").asText().replace("\\", "")).contains("3.2 mg (calculated)", "0.8 mg/m2 (ordered) = 1.60 mg");
    }

    @Test
    void anOrderInMgPerM2FirstIsJudged() throws IOException {
        // issue 21 defect 11: 0.85 mg/m² first and 1.70 mg second is DOSE-2, not "dose not in a mass unit"
        JsonNode answer = signWithPrefetch(epicOrderWithMedication(entry("ordered", "0.85", "mg/m2", "mg/m2"), mg("1.7")));
        assertThat(answer.toString()).contains("DOSE-2").doesNotContain("DQ-4");
        // mg/m² alone: 0.9 mg/m² × 2.00 m² = 1.80 mg > 1.76 mg
        JsonNode alone = signWithPrefetch(epicOrderWithMedication(entry("ordered", "0.9", "mg/m2", "mg/m2")));
        assertThat(Cards.card(alone, "DOSE-3").at("/extension/inocds.finding/orderedDoseMg").decimalValue()).isEqualByComparingTo("1.80");
    }

    private ObjectNode epicOrderWithMedication(ObjectNode... entries) {
        SERVED.put(MED_ID, epicMedication(MED_ID).toString());
        return epicOrder("o1", "Medication/" + MED_ID, null, entries);
    }

    /** A cycle-2 patient after CR/CRi whose dose history names the drug only by reference (s11: 1.00 mg is right). */
    private JsonNode cycle2ByReference() throws IOException {
        JsonNode expect = loaded("s11-c2d1-after-cr-correct");
        ObjectNode request = withFullPrefetch(ScenarioFiles.request("s11-c2d1-after-cr-correct", "order-sign", expect), cds, "inotuzumab-order-sign");
        int n = 0;
        for (String key : List.of("medicationAdministrations", "medicationRequests")) {
            for (JsonNode e : request.at("/prefetch/" + key).path("entry")) {
                ObjectNode r = (ObjectNode) e.get("resource");
                if (r.has("medicationCodeableConcept")) {
                    r.remove("medicationCodeableConcept");
                    r.putObject("medicationReference").put("reference", "Medication/" + MED_ID);
                    n++;
                }
            }
        }
        assertThat(n).isPositive();
        request.put("fhirServer", ehrBase());
        var answer = cds.call("inotuzumab-order-sign", request);
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void aHistoryByReferenceIsReadAsTheCourseItIs() throws IOException {
        SERVED.put(MED_ID, epicMedication(MED_ID).toString());
        JsonNode answer = cycle2ByReference();
        assertThat(Cards.alerts(answer)).as(answer.toString()).isEmpty();
        assertThat(ASKED).containsExactly("/fhir/Medication/" + MED_ID);
    }

    @Test
    void aHistoryByUnreadableReferenceIsUnknownNeverAFirstDose() throws IOException {
        JsonNode answer = cycle2ByReference();
        assertThat(Cards.rules(answer)).containsExactly("DQ-2"); // no dose verdict, no first-dose checklist
        assertThat(answer.toString()).doesNotContain("1.60");
        JsonNode card = Cards.card(answer, "DQ-2");
        assertThat(card.get("detail").asText().replace("\\", "")).contains("Medication/" + MED_ID, "DOSE-2");
    }
}
