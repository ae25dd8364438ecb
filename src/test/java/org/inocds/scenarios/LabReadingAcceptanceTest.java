package org.inocds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFhirServer;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import org.inocds.sandbox.DemoData;
import org.inocds.sandbox.SandboxStore;
import org.inocds.support.Cards;
import org.inocds.support.FixedClockConfiguration;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 21's defects 6, 8, 9 and 10 over HTTP, on the {@code l*} scenario patients in the embedded FHIR server: what the
 * cards say, in both languages (ScenarioTest holds the same patients to their rules and indicators, prefetched and fetched).
 */
class LabReadingAcceptanceTest extends ServiceHttpTest {

    @Autowired
    SandboxStore store;

    @BeforeEach
    void loadScenarios() throws IOException {
        DemoData.load(FhirContext.forR4Cached(), store, "file:fhir-resources/scenarios/l*.bundle.json", FixedClockConfiguration.TODAY);
    }

    private JsonNode sign(String patient, String mg, String language) {
        var request = orderHook("order-sign", patient, inotuzumabOrder("draft-1", patient, new BigDecimal(mg), "mg", "2026-01-10"));
        var answer = cds.call("inotuzumab-order-sign", withFhirServer(request, cds.fhirBase()), language);
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    // --- defect 8: CTCAE v3.0 groups febrile neutropenia under INFECTION ------------------------------------------------

    @Test
    void ongoingFebrileNeutropeniaBeforeDay8HoldsAndLymphopeniaDoesNot() {
        JsonNode card = Cards.card(sign("l01-febrile-neutropenia-day8", "1.00", "en"), "TOX-1");
        assertThat(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(card.get("summary").asText()).contains("Febrile neutropenia", "G3");
        assertThat(Cards.alerts(sign("l02-lymphopenia-day8", "1.00", "en"))).isEmpty();
    }

    // --- defect 10: HEP-2 note 1 ---------------------------------------------------------------------------------------

    @Test
    void haemolysisWaivesBilirubinAndAstAndTheCardSaysWhatAndWhy() {
        JsonNode en = Cards.card(sign("l03-haemolysis-ast-bilirubin", "1.60", "en"), "HEP-2");
        assertThat(en.get("indicator").asText()).isEqualTo("info");
        assertThat(en.get("detail").asText()).contains("T-Bil 1.92", "AST 80", "haemolysis explains a bilirubin and AST rise",
                "Autoimmune haemolytic anaemia", "Confirm that each rise is due to the condition named", "ALT still counts");
        JsonNode ja = Cards.card(sign("l03-haemolysis-ast-bilirubin", "1.60", "ja"), "HEP-2");
        assertThat(ja.get("detail").asText()).contains("総ビリルビン 1.92", "AST 80", "溶血によるビリルビン・AST 上昇", "確認してください");
    }

    @Test
    void withHaemolysisAltStillHoldsAndAstAtExactlyTheLimitIsNoCard() {
        JsonNode alt = Cards.card(sign("l04-haemolysis-alt", "1.60", "en"), "HEP-2");
        assertThat(alt.get("indicator").asText()).isEqualTo("warning");
        assertThat(alt.get("summary").asText()).contains("ALT 75.01");
        assertThat(Cards.rules(sign("l05-haemolysis-ast-at-limit", "1.60", "en"))).doesNotContain("HEP-2");
        JsonNode gilbert = Cards.card(sign("l06-gilbert-ast", "1.60", "en"), "HEP-2");
        assertThat(gilbert.get("indicator").asText()).isEqualTo("warning");
        assertThat(gilbert.get("summary").asText()).contains("AST 75.01");
    }
}
