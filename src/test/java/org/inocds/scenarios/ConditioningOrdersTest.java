package org.inocds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import org.inocds.support.Cards;
import org.inocds.support.HookRequests;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;

/**
 * Real-clients finding 2: EHRs (and the public CDS Hooks sandbox's Rx Sign) send clinical-drug codes one order at a
 * time, the other alkylator already on the chart. VOD-2 must fire from those, and count agents, not products.
 */
class ConditioningOrdersTest extends ServiceHttpTest {


    private void onChart(String patient, String id, String rxcui, String display) {
        String mr = """
                {"resourceType":"MedicationRequest","id":"%s","status":"active","intent":"order",
                 "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"%s","display":"%s"}],"text":"%s"},
                 "subject":{"reference":"Patient/%s"},"authoredOn":"2026-01-09"}""".formatted(id, rxcui, display, display, patient);
        var put = cds.send(HttpRequest.newBuilder(URI.create(cds.fhirBase() + "/MedicationRequest/" + id))
                .header("Content-Type", "application/fhir+json").PUT(HttpRequest.BodyPublishers.ofString(mr)).build());
        assertThat(put.status()).as(put.body()).isIn(200, 201);
    }

    private com.fasterxml.jackson.databind.JsonNode sign(String patient, String rxcui, String display) {
        var request = HookRequests.orderHook("order-sign", patient, HookRequests.medicationOrder("rx-sign-1", patient, HookRequests.RXNORM,
                rxcui, display, new BigDecimal("2"), "mg", "2026-01-10"));
        var answer = cds.call("inotuzumab-order-sign", HookRequests.withFhirServer(request, cds.fhirBase()));
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void signingBusulfanWithMelphalanOnTheChartGivesVod2() {
        // demo-jp-c2 has had cycle 1 of inotuzumab
        onChart("demo-jp-c2", "melphalan-on-chart", "197919", "Melphalan 2 MG Oral Tablet");
        var cards = sign("demo-jp-c2", "197422", "Busulfan 2 MG Oral Tablet");
        var vod2 = Cards.card(cards, "VOD-2");
        assertThat(vod2.get("indicator").asText()).isEqualTo("warning");
        assertThat(vod2.get("detail").asText()).contains("Busulfan 2 MG Oral Tablet", "Melphalan 2 MG Oral Tablet");
    }

    @Test
    void twoProductsOfOneAgentAreNotTwoAlkylators() {
        // another treated patient, so that the first test's melphalan is not on this chart
        onChart("s33-hem1-anc-900", "busulfan-brand-on-chart", "564078", "Busulfan 2 MG [Myleran]");
        var cards = sign("s33-hem1-anc-900", "197422", "Busulfan 2 MG Oral Tablet");
        assertThat(Cards.rules(cards)).doesNotContain("VOD-2");
    }

    private void given(String patient, String id, String rxcui, String display, String date) {
        String ma = """
                {"resourceType":"MedicationAdministration","id":"%s","status":"completed",
                 "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"%s","display":"%s"}],"text":"%s"},
                 "subject":{"reference":"Patient/%s"},"effectiveDateTime":"%sT09:00:00+09:00"}""".formatted(id, rxcui, display, display, patient, date);
        var put = cds.send(HttpRequest.newBuilder(URI.create(cds.fhirBase() + "/MedicationAdministration/" + id))
                .header("Content-Type", "application/fhir+json").PUT(HttpRequest.BodyPublishers.ofString(ma)).build());
        assertThat(put.status()).as(put.body()).isIn(200, 201);
    }

    /** Conditioning gives its agents on consecutive days: one given within the window counts with the one signed. */
    @Test
    void anAlkylatorGivenWithinTheConditioningWindowCounts() {
        given("s14-level1-not-followed", "melphalan-given-recently", "197919", "Melphalan 2 MG Oral Tablet", "2026-01-08");
        assertThat(Cards.rules(sign("s14-level1-not-followed", "197422", "Busulfan 2 MG Oral Tablet"))).contains("VOD-2");
        given("s16-day15-omit", "melphalan-given-long-ago", "197919", "Melphalan 2 MG Oral Tablet", "2025-12-01");
        assertThat(Cards.rules(sign("s16-day15-omit", "197422", "Busulfan 2 MG Oral Tablet"))).doesNotContain("VOD-2");
    }

    /** YJ codes are matched by their therapeutic class (421 アルキル化剤); the code here is synthetic, class 421. */
    @Test
    void aYjCodedAlkylatorIsRecognisedByItsClass() {
        onChart("s23-allergy", "melphalan-on-chart-2", "197919", "Melphalan 2 MG Oral Tablet");
        given("s23-allergy", "inotuzumab-given", "1942950", "inotuzumab ozogamicin", "2026-01-02");
        var request = HookRequests.orderHook("order-sign", "s23-allergy", HookRequests.medicationOrder("yj-1", "s23-allergy",
                "http://capstandard.jp/iyaku.info/CodeSystem/YJ-code", "4219999Z9999", "test alkylator (YJ class 421)",
                new BigDecimal("2"), "mg", "2026-01-10"));
        var answer = cds.call("inotuzumab-order-sign", HookRequests.withFhirServer(request, cds.fhirBase()));
        assertThat(Cards.rules(answer.json())).contains("VOD-2");
    }

    /**
     * Real-clients deliverable 3: a Japanese in-house order with no code the service knows, only the ingredient's name,
     * still counts for VOD-2 (a missed warning is the worse error) and the card says it was recognised by name.
     */
    @Test
    void anAlkylatorKnownOnlyByItsJapaneseNameCountsAndIsFlagged() {
        String mr = """
                {"resourceType":"MedicationRequest","id":"busulfan-local-code","status":"active","intent":"order",
                 "medicationCodeableConcept":{"coding":[{"system":"urn:oid:1.2.392.999.1","code":"X-7731","display":"ブスルファン点滴静注用60mg"}]},
                 "subject":{"reference":"Patient/s10-c2d1-after-cr"},"authoredOn":"2026-01-09"}""";
        var put = cds.send(HttpRequest.newBuilder(URI.create(cds.fhirBase() + "/MedicationRequest/busulfan-local-code"))
                .header("Content-Type", "application/fhir+json").PUT(HttpRequest.BodyPublishers.ofString(mr)).build());
        assertThat(put.status()).as(put.body()).isIn(200, 201);
        var vod2 = Cards.card(sign("s10-c2d1-after-cr", "197919", "Melphalan 2 MG Oral Tablet"), "VOD-2");
        assertThat(vod2.get("detail").asText())
                .contains("Melphalan 2 MG Oral Tablet", "ブスルファン点滴静注用60mg")
                .contains("Recognised by name only, with no code the service knows: ブスルファン点滴静注用60mg.");
    }

    /** The name is the last resort only: a coded alkylator is not flagged. */
    @Test
    void codedAlkylatorsAreNotFlaggedAsMatchedByName() {
        onChart("s39-gilbert", "melphalan-on-chart-3", "197919", "Melphalan 2 MG Oral Tablet");
        var vod2 = Cards.card(sign("s39-gilbert", "197422", "Busulfan 2 MG Oral Tablet"), "VOD-2");
        assertThat(vod2.get("detail").asText()).doesNotContain("by name");
    }
}
