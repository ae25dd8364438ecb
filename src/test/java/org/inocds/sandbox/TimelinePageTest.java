package org.inocds.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFhirServer;

import java.math.BigDecimal;
import java.util.Map;
import org.inocds.support.Cards;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;

/** The timeline page of a sandbox patient, and the card link to it (docs/design.md "Card contract"). */
class TimelinePageTest extends ServiceHttpTest {

    @Test
    void showsTheReconstructedCyclesAndTheLabTrendsAgainstThresholds() {
        var answer = cds.get("/timeline/demo-jp-c2?lang=en", Map.of());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/html");
        assertThat(answer.body())
                .contains("<td>1</td><td>2025-12-13</td><td>0</td><td>D1 2025-12-13 1.39 mg · D8 2025-12-20 0.87 mg · D15 2025-12-27 0.87 mg</td>")
                .contains("Platelets /µL", "Total bilirubin mg/dL", "\"thresholdLabel\":\"50,000 /µL\"", "\"label\":\"C1D8 0.87 mg\"",
                        "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", "<script src=\"/timeline.js\"></script>")
                .doesNotContain("<script>");
        assertThat(cds.get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", Map.of()).status()).isEqualTo(200);
        assertThat(cds.get("/timeline.js", Map.of()).body()).contains("new uPlot(");
        // the order being composed, placed where it would fall: C2D1 due 2026-01-03, planned 2026-01-10 → 7 days late
        assertThat(cds.get("/timeline/demo-jp-c2?lang=en&planned=2026-01-10", Map.of()).body())
                .contains("\"plannedLabel\":\"order planned C2D1 late 7 d level 0\"");
        assertThat(cds.get("/timeline/demo-jp-c2?lang=en&planned=not-a-date", Map.of()).status()).isEqualTo(200);
        assertThat(cds.get("/timeline/demo-jp-c2?lang=ja", Map.of()).body()).contains("投与経過", "サイクル");
        assertThat(cds.get("/timeline/no-such-patient", Map.of()).status()).isEqualTo(404);
        assertThat(cds.get("/timeline/demo-us-c1d1", Map.of()).body()).contains("No inotuzumab on record");
    }

    @Test
    void cardsLinkToThePatientsTimelineWhileTheSandboxRuns() {
        var request = orderHook("order-sign", "demo-us-c1d1",
                inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.70"), "mg", "2026-01-10"));
        var card = Cards.card(cds.call("inotuzumab-order-sign", withFhirServer(request, cds.fhirBase()), "ja").json(), "DOSE-2");
        var link = card.at("/links/0");
        assertThat(link.get("type").asText()).isEqualTo("absolute");
        assertThat(link.get("url").asText()).isEqualTo(cds.base() + "/timeline/demo-us-c1d1?lang=ja");
        assertThat(link.get("label").asText()).isEqualTo("投与経過（タイムライン）");
        assertThat(link.has("appContext")).isFalse();
        assertThat(cds.get(link.get("url").asText(), Map.of()).status()).isEqualTo(200);
    }

    @Test
    void theDemoEhrPageIsServedAtTheRoot() {
        var answer = cds.get("/", Map.of());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("demo EHR", "<script src=\"demo.js\"></script>").doesNotContain("<script>");
        var script = cds.get("/demo.js", Map.of());
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).startsWith("text/javascript");
        assertThat(script.body()).contains("/cds-services/inotuzumab-", "/fhir/Patient", "/timeline/");
    }
}
