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
        for (String pattern : new String[] {"l*", "s63*", "s64*"}) {
            DemoData.load(FhirContext.forR4Cached(), store, "file:fhir-resources/scenarios/" + pattern + ".bundle.json", FixedClockConfiguration.TODAY);
        }
    }

    private JsonNode sign(String patient, String mg, String language) {
        var request = orderHook("order-sign", patient, inotuzumabOrder("draft-1", patient, new BigDecimal(mg), "mg", "2026-01-10"));
        var answer = cds.call("inotuzumab-order-sign", withFhirServer(request, cds.fhirBase()), language);
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    // --- defect 6: remission by the data's form ------------------------------------------------------------------------

    @Test
    void peripheralBlastsNotDetectedInJapaneseTextIsRemission() {
        JsonNode en = Cards.card(sign("l08-cr-blasts-ja-text", "1.60", "en"), "DOSE-5");
        assertThat(en.get("summary").asText()).contains("CR/CRi reached", "0.5 mg/m²", "1.00 mg");
        JsonNode ja = Cards.card(sign("l08-cr-blasts-ja-text", "1.60", "ja"), "DOSE-5");
        assertThat(ja.at("/suggestions/0/actions/0/resource/dosageInstruction/0/doseAndRate/0/doseQuantity/value").decimalValue())
                .isEqualByComparingTo("1.00");
        for (String patient : new String[] {"l07-cr-blasts-coded-not-detected", "l09-cr-blasts-interpretation", "l10-cr-blasts-string"}) {
            assertThat(Cards.rules(sign(patient, "1.00", "en"))).as(patient).isEmpty();
        }
    }

    @Test
    void bloodBlastsSeenRefuteRemissionAndNoCardAsksToConfirm() {
        assertThat(Cards.rules(sign("l11-blasts-detected", "1.60", "en"))).isEmpty();
        assertThat(Cards.rules(sign("s64-marrow-peripheral-blasts", "1.60", "en"))).isEmpty();
        // without a peripheral result the card still asks
        assertThat(Cards.card(sign("s63-marrow-only", "1.60", "en"), "DOSE-5").get("summary").asText()).contains("Confirm the response");
    }

    // --- defect 8: CTCAE v3.0 groups febrile neutropenia under INFECTION ------------------------------------------------

    @Test
    void ongoingFebrileNeutropeniaBeforeDay8HoldsAndLymphopeniaDoesNot() {
        JsonNode card = Cards.card(sign("l01-febrile-neutropenia-day8", "1.00", "en"), "TOX-1");
        assertThat(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(card.get("summary").asText()).contains("Febrile neutropenia", "G3");
        assertThat(Cards.alerts(sign("l02-lymphopenia-day8", "1.00", "en"))).isEmpty();
    }

    // --- defect 9: the reference range that applies --------------------------------------------------------------------

    @Test
    void aWomansAltIsJudgedAgainstTheWomensRangeAndTheCardSaysWhich() {
        JsonNode en = Cards.card(sign("l12-alt-range-for-women", "1.60", "en"), "HEP-2");
        assertThat(en.get("indicator").asText()).isEqualTo("warning");
        assertThat(en.get("detail").asText()).contains("ALT 58 U/L", "2.5 × ULN 23 (R: range for women) = 57.5");
        JsonNode ja = Cards.card(sign("l12-alt-range-for-women", "1.60", "ja"), "HEP-2");
        assertThat(ja.get("detail").asText()).contains("ULN 23 (R：女性の基準範囲)");
        assertThat(Cards.rules(sign("l13-alt-range-for-men", "1.60", "en"))).doesNotContain("HEP-2");
    }

    @Test
    void withoutARangeTheSiteSettingForThePatientsSex() {
        JsonNode women = Cards.card(sign("l14-alt-site-default-women", "1.60", "en"), "HEP-2");
        assertThat(women.get("detail").asText()).contains("ALT 57.51 U/L", "2.5 × ULN 23 (S: range for women) = 57.5");
        assertThat(Cards.card(sign("l14-alt-site-default-women", "1.60", "ja"), "HEP-2").get("detail").asText())
                .contains("ULN 23 (S：女性の基準範囲)");
        assertThat(Cards.rules(sign("l15-alt-site-default-men", "1.60", "en"))).doesNotContain("HEP-2");
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
