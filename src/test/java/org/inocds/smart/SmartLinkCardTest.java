package org.inocds.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.patientView;
import static org.inocds.support.HookRequests.withFhirServer;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import org.inocds.support.Cards;
import org.inocds.support.CdsHttp;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Where a site registered the SMART app ({@code inocds.smart.launch-url}), a dosing card links to it with
 * {@code type: "smart"} and the order being composed as {@code appContext} (the JSON text the app reads back from the
 * token response: planned date and ordered mg, no patient id); the demo's {@code absolute} link stays beside it.
 */
@TestPropertySource(properties = "inocds.smart.launch-url=https://cds.hospital.example/smart/launch")
class SmartLinkCardTest extends ServiceHttpTest {

    @Test
    void aDosingCardCarriesASmartLinkWithTheOrderBeingComposed() {
        var request = orderHook("order-sign", "demo-us-c1d1",
                inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.70"), "mg", "2026-01-10"));
        var card = Cards.card(cds.call("inotuzumab-order-sign", withFhirServer(request, cds.fhirBase()), "en").json(), "DOSE-2");
        JsonNode links = card.get("links");
        assertThat(links).hasSize(2);
        assertThat(links.get(0).get("type").asText()).isEqualTo("absolute");
        JsonNode smart = links.get(1);
        assertThat(smart.get("type").asText()).isEqualTo("smart");
        assertThat(smart.get("url").asText()).isEqualTo("https://cds.hospital.example/smart/launch");
        assertThat(smart.get("label").asText()).isEqualTo("Regimen timeline (SMART app)");
        JsonNode context = CdsHttp.parse(smart.get("appContext").asText());
        assertThat(context.get("plannedDate").asText()).isEqualTo("2026-01-10");
        assertThat(context.get("doseMg").asText()).isEqualTo("1.7");
        assertThat(smart.get("appContext").asText()).doesNotContain("demo-us-c1d1");
    }

    @Test
    void aCardWithoutAnOrderLinksWithoutAppContext() {
        var answer = cds.call("inotuzumab-patient-view", withFhirServer(patientView("s55-pv-anc-hold"),
                cds.fhirBase()), "en").json();
        for (JsonNode card : answer.get("cards")) {
            JsonNode smart = card.get("links").get(card.get("links").size() - 1);
            assertThat(smart.get("type").asText()).isEqualTo("smart");
            if (!card.path("extension").toString().contains("plannedDate")) {
                assertThat(smart.has("appContext")).isFalse();
            }
        }
    }
}
