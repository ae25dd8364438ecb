package org.inocds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFhirServer;
import static org.inocds.support.HookRequests.withFullPrefetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.inocds.support.Cards;
import org.inocds.support.CdsHttp;
import org.junit.jupiter.api.Test;

/**
 * RULES §1 "Calendar days are the site's days" and "One dosing day, one dose" over HTTP, with the full prefetch and with
 * the service fetching, on the scenario patients sd1–sd5 (Tokyo, the default zone; today 2026-01-10 in Tokyo). The
 * scenario files hold the cards of the correct orders; here a dose off by a little makes the dose card show where the
 * service placed the order (cycle, day, planned date) and what the cycle already holds.
 */
class SiteDaysHttpTest extends ScenarioHttpTest {

    static final String SIGN = "inotuzumab-order-sign";

    /** The same order sent both ways: the cards must agree; the prefetched answer is returned. */
    static JsonNode signBothWays(CdsHttp cds, ObjectNode request) {
        var prefetched = cds.call(SIGN, withFullPrefetch(request.deepCopy(), cds, SIGN));
        var fetched = cds.call(SIGN, withFhirServer(request.deepCopy(), cds.fhirBase()));
        assertThat(prefetched.status()).as(prefetched.body()).isEqualTo(200);
        assertThat(Cards.withoutIds(fetched.json())).isEqualTo(Cards.withoutIds(prefetched.json()));
        return prefetched.json();
    }

    static ObjectNode order(String patient, String mg, String date) {
        return orderHook("order-sign", patient, inotuzumabOrder("draft-1", patient, new BigDecimal(mg), "mg", date));
    }

    /** 08:30 in Tokyo on 2026-01-10, written 2026-01-09T23:30:00Z: day 8 of a day 1 given 2026-01-03 at 08:00+09:00. */
    @Test
    void aDraftSentInUtcIsPlacedOnItsTokyoDay() throws Exception {
        loaded("sd1-day8-draft-sent-in-utc");
        JsonNode answer = signBothWays(cds, order("sd1-day8-draft-sent-in-utc", "1.10", "2026-01-09T23:30:00Z"));
        assertThat(Cards.rules(answer)).containsExactly("DOSE-2");
        JsonNode finding = Cards.card(answer, "DOSE-2").at("/extension/inocds.finding");
        assertThat(finding.get("cycle").asInt()).isEqualTo(1);
        assertThat(finding.get("day").asInt()).isEqualTo(8);
        assertThat(finding.get("plannedDate").asText()).isEqualTo("2026-01-10");
        assertThat(finding.get("expectedDoseMg").decimalValue()).isEqualByComparingTo("1.00");
    }

    /** Day 8 given as 0.60 mg stopped + 0.40 mg the same day: one dose; day 15 on time; 1.00 mg once in the cycle's total. */
    @Test
    void anInterruptedDay8IsOneDoseInTheCycle() throws Exception {
        loaded("sd4-day8-interrupted-cycle-total");
        JsonNode answer = signBothWays(cds, order("sd4-day8-interrupted-cycle-total", "1.20", "2026-01-10"));
        assertThat(Cards.rules(answer)).containsExactly("DOSE-3");
        JsonNode card = Cards.card(answer, "DOSE-3");
        JsonNode finding = card.at("/extension/inocds.finding");
        assertThat(finding.get("cycle").asInt()).isEqualTo(1);
        assertThat(finding.get("day").asInt()).isEqualTo(15);
        assertThat(card.get("summary").asText()).contains("cycle 1 total 3.80 mg", "3.60 mg");
        assertThat(card.get("detail").asText()).contains("(2.60 mg already given + 1.20 mg ordered)");
        // the timeline on the card shows day 8 once, its sum, as partial (one part was stopped)
        assertThat(card.get("detail").asText()).contains("D1 2025-12-27 1.6 mg · D8 2026-01-03 1 mg (stopped part-way");
        // at 1.00 mg: nothing to say (sd3)
        loaded("sd3-day8-interrupted-and-resumed");
        assertThat(Cards.rules(signBothWays(cds, order("sd3-day8-interrupted-and-resumed", "1.00", "2026-01-10")))).isEmpty();
    }
}
