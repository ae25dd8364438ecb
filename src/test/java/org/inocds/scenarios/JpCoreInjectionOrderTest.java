package org.inocds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.inocds.support.HookRequests;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real-clients finding 4: a JP Core injection order (JP_MedicationRequest_Injection) names the drug only in a
 * contained Medication's ingredients (HOT9), with its amount in vials or mL, beside the saline it is diluted in; the
 * order's doseQuantity is the volume of the whole mix. For a 2.00 m² patient on C1D1 (1.60 mg expected) it must get
 * the verdict an order in mg would get, in Japanese.
 */
class JpCoreInjectionOrderTest extends ServiceHttpTest {

    private static final String PATIENT = "demo-us-c1d1"; // 178 cm, 81 kg → 2.00 m²

    @ParameterizedTest(name = "{0} {2} of ベスポンサ → {3}")
    @CsvSource({
            "2, HON, 瓶, DOSE-3",     // 2 mg > 0.8 mg/m² × 2.00 m² + 10 %
            "6.4, mL, mL, none",     // 6.4 mL × 0.25 mg/mL = 1.60 mg: the expected dose
            "6.8, mL, mL, DOSE-2"})  // 1.70 mg: 6.25 % over the expected 1.60 mg
    void aJpCoreInjectionOrderIsReadInMilligrams(String amount, String unitCode, String unitDisplay, String expected) {
        var request = HookRequests.withFhirServer(HookRequests.orderHook("order-sign", PATIENT, HookRequests.jpCoreInjectionOrder("jp-inj-1", PATIENT, amount, unitCode, "2026-01-10")),
                cds.fhirBase());
        var answer = cds.call("inotuzumab-order-sign", request, "ja");
        assertThat(answer.status()).isEqualTo(200);
        JsonNode cards = answer.json().get("cards");
        assertThat(answer.body()).doesNotContain("DQ-4").doesNotContain("PREP-2");
        if (expected.equals("none")) {
            assertThat(org.inocds.support.Cards.alerts(answer.json())).isEmpty();
            return;
        }
        var card = org.inocds.support.Cards.card(answer.json(), expected);
        assertThat(card.at("/extension/inocds.finding/expectedDoseMg").decimalValue()).isEqualByComparingTo("1.60");
        // the correction is written where and how the order wrote the amount; the mix volume stays
        var resource = card.at("/suggestions/0/actions/0/resource");
        assertThat(resource.at("/contained/0/ingredient/0/strength/numerator/value").decimalValue())
                .isEqualByComparingTo(unitCode.equals("mL") ? "6.40" : "1.60");
        assertThat(resource.at("/contained/0/ingredient/0/strength/numerator/code").asText()).isEqualTo(unitCode);
        assertThat(resource.at("/dosageInstruction/0/doseAndRate/0/doseQuantity/value").decimalValue()).isEqualByComparingTo("52");
        assertThat(card.get("summary").asText()).containsPattern("[ぁ-んァ-ン一-龥]");
        assertThat(cards).isNotEmpty();
    }
}
