package org.inocds.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.Cards.card;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFullPrefetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inocds.protocol.CdsJson;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;

/**
 * An EHR calls again and again for the same order (order-select at every change, order-sign at every attempt): the
 * same card is the same card, under the same id, so that the feedback summary counts it once; a card that says or
 * offers anything else, or goes to another client or patient, is another card.
 */
class RepeatedCardIdsTest extends ServiceHttpTest {

    private static final String SIGN = "inotuzumab-order-sign";

    private JsonNode sign(String dose, String hookInstance) {
        var request = orderHook("order-sign", "demo-us-c1d1", inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal(dose), "mg", "2026-01-10"));
        request.put("hookInstance", hookInstance);
        var answer = cds.call(SIGN, withFullPrefetch(request, cds, SIGN));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void theSameCardCalledAgainKeepsItsIdAndAnotherCardGetsAnother() {
        JsonNode first = sign("1.70", UUID.randomUUID().toString());
        JsonNode again = sign("1.70", UUID.randomUUID().toString()); // a new hook instance, as every EHR call has
        JsonNode other = sign("1.75", UUID.randomUUID().toString());
        JsonNode dose = card(first, "DOSE-2");
        assertThat(card(again, "DOSE-2").get("uuid")).isEqualTo(dose.get("uuid"));
        assertThat(card(again, "DOSE-2").at("/suggestions/0/uuid")).isEqualTo(dose.at("/suggestions/0/uuid"));
        assertThat(card(again, "START-1").get("uuid")).isEqualTo(card(first, "START-1").get("uuid"));
        // 1.75 mg: the card says another figure → another card
        assertThat(card(other, "DOSE-2").get("uuid")).isNotEqualTo(dose.get("uuid"));
        // the ids are still UUIDs, and the card's and its suggestion's differ
        assertThat(UUID.fromString(dose.get("uuid").asText()).version()).isEqualTo(8);
        assertThat(dose.at("/suggestions/0/uuid").asText()).isNotEqualTo(dose.get("uuid").asText());
    }

    @Test
    void anotherClientOrPatientGetsAnotherId() {
        var identity = new CardIdentity(new ObjectMapper());
        var card = new CdsJson.Card("x", "HOLD C2D1: ANC 900/µL (under 1,000)", "detail", CdsJson.Indicator.WARNING,
                new CdsJson.Source("label", null, null), List.of(), null, List.of(), List.of(), Map.of());
        var response = new CdsJson.Response(List.of(card, card));
        String a = identity.assign(response, SIGN, "client-a", "p1").cards().get(0).uuid();
        assertThat(identity.assign(response, SIGN, "client-a", "p1").cards().get(0).uuid()).isEqualTo(a);
        assertThat(identity.assign(response, SIGN, "client-b", "p1").cards().get(0).uuid()).isNotEqualTo(a);
        assertThat(identity.assign(response, SIGN, "client-a", "p2").cards().get(0).uuid()).isNotEqualTo(a);
        assertThat(identity.assign(response, "inotuzumab-order-select", "client-a", "p1").cards().get(0).uuid()).isNotEqualTo(a);
        // two cards alike in one answer still get two ids
        assertThat(identity.assign(response, SIGN, "client-a", "p1").cards().get(1).uuid()).isNotEqualTo(a);
    }
}
