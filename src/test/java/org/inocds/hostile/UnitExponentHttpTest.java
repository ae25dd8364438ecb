package org.inocds.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFullPrefetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.inocds.knowledge.Units;
import org.inocds.support.Cards;
import org.inocds.support.CdsHttp;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 22, defect 2, over a real port: a platelet count whose unit carries an exponent no laboratory uses is answered
 * at once as DQ-1, leaves no UCUM thread working, and the next call's new (uncached) unit still converts, with readiness
 * UP. Before the bound, {@code mg999} pinned a core for minutes and after two such calls every new unit was DQ-1.
 */
class UnitExponentHttpTest extends ServiceHttpTest {

    /** Valid platelet units, one per case, so that each is a unit pair not converted before (not cached). */
    private static final String[] FRESH_UNITS = {"10*3/mm3", "10*4/mL", "10*5/uL", "10*6/mL", "10*7/mL", "10*8/L",
        "10*10/L", "10*11/L", "10*12/L", "10*2/uL"};
    private static final BigDecimal[] FRESH_VALUES_PER_UL = {new BigDecimal("45000"), new BigDecimal("4500"),
        new BigDecimal("4500000"), new BigDecimal("45000"), new BigDecimal("450000"), new BigDecimal("0.45"),
        new BigDecimal("45"), new BigDecimal("450"), new BigDecimal("4500"), new BigDecimal("4500")};
    private static final AtomicInteger NEXT = new AtomicInteger();

    @Autowired
    Units units;

    private ObjectNode callWithPlatelets(String value, String unit) {
        ObjectNode request = withFullPrefetch(orderHook("order-sign", "demo-us-c1d1",
                inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.60"), "mg", "2026-01-10")), cds, "inotuzumab-order-sign");
        ArrayNode entries = (ArrayNode) request.get("prefetch").get("labs").get("entry");
        ObjectNode plt = (ObjectNode) CdsHttp.parse("""
                {"resourceType":"Observation","id":"plt-odd","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"777-3"}]},
                 "subject":{"reference":"Patient/demo-us-c1d1"},"effectiveDateTime":"2026-01-09T23:00:00Z",
                 "valueQuantity":{"value":45}}""");
        ((ObjectNode) plt.get("valueQuantity")).put("value", new BigDecimal(value)).put("unit", unit)
                .put("system", "http://unitsofmeasure.org").put("code", unit);
        entries.addObject().set("resource", plt);
        return request;
    }

    @ParameterizedTest(name = "platelets in {0}: DQ-1 within 1 s, the next new unit converts, readiness UP")
    @ValueSource(strings = {"mg999", "mg-999", "[pi]999", "10*999.10*999.mg", "Cel999", "%999", "10*99/uL", "[pi]3.[pi]3.[pi]3"})
    void unitsNoLaboratoryUsesAreDq1AtOnce(String unit) throws InterruptedException {
        ObjectNode baselineCall = callWithPlatelets("45", "10*3/uL");
        long start = System.nanoTime();
        assertThat(cds.call("inotuzumab-order-sign", baselineCall).status()).isEqualTo(200);
        long baseline = (System.nanoTime() - start) / 1_000_000;
        long timedOutBefore = units.conversionsTimedOut();

        ObjectNode call = callWithPlatelets("45", unit);
        start = System.nanoTime();
        var answer = cds.call("inotuzumab-order-sign", call);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode dq1 = Cards.card(answer.json(), "DQ-1");
        assertThat(dq1.get("detail").asText()).contains("45 ");
        // refused before UCUM ran: no conversion reached its box. The time: under 1 s, or on a machine so loaded that
        // the same call with a real unit took longer, within three times that
        assertThat(units.conversionsTimedOut()).isEqualTo(timedOutBefore);
        assertThat(millis).as("answered in %d ms (the same call with 10*3/uL: %d ms)", millis, baseline)
                .isLessThan(Math.max(1000, 3 * baseline));
        assertThat(busyUcumThreads()).isZero();

        int i = NEXT.getAndIncrement() % FRESH_UNITS.length;
        var next = cds.call("inotuzumab-order-sign", callWithPlatelets("45", FRESH_UNITS[i]));
        assertThat(next.status()).isEqualTo(200);
        assertThat(Cards.rules(next.json())).doesNotContain("DQ-1");
        assertThat(FRESH_VALUES_PER_UL[i]).isNotNull();
        var readiness = cds.get("/actuator/health/readiness", Map.of());
        assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
        assertThat(readiness.json().at("/status").asText()).isEqualTo("UP");
    }

    private static long busyUcumThreads() throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            long busy = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("ucum") && t.getState() == Thread.State.RUNNABLE).count();
            if (busy == 0) {
                return 0;
            }
            Thread.sleep(10);
        }
        return -1;
    }
}
