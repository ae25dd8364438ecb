package org.inocds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFhirServer;

import java.math.BigDecimal;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Each issued card is recorded for feedback: uuid, service, rules, topic; the patient only as a keyed hash. */
class IssuedCardLogTest extends ServiceHttpTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PatientHash patientHash;

    @Autowired
    IssuedCardLog issuedCards;

    @BeforeEach
    void emptyTables() {
        IssuedCardTables.empty(issuedCards, jdbc);
    }

    @Test
    void issuedCardsAreRecordedWithoutPatientData() {
        var request = orderHook("order-sign", "demo-us-c1d1",
                inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.70"), "mg", "2026-01-10"));
        String hookInstance = request.get("hookInstance").asText();
        var answer = cds.call("inotuzumab-order-sign", withFhirServer(request, cds.fhirBase()));
        String uuid = org.inocds.support.Cards.card(answer.json(), "DOSE-2").get("uuid").asText();
        issuedCards.flush(); // written off the answer's path
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM issued_card WHERE hook_instance = ?", Integer.class, hookInstance))
                .isEqualTo(answer.json().get("cards").size());

        var row = jdbc.queryForMap("SELECT * FROM issued_card WHERE card_uuid = ?", uuid);
        assertThat(row).containsEntry("service_id", "inotuzumab-order-sign")
                .containsEntry("hook_instance", hookInstance)
                .containsEntry("rule_ids", "DOSE-2")
                .containsEntry("topic", "dose")
                .containsEntry("indicator", "warning");
        String hash = (String) row.get("patient_hash");
        assertThat(hash).hasSize(64).isEqualTo(patientHash.of("demo-us-c1d1")).isNotEqualTo(patientHash.of("demo-jp-c1d1"));
        assertThat(row.values()).noneMatch(v -> String.valueOf(v).contains("demo-us-c1d1"));
    }

    @Test
    void quietAnswersRecordNothing() {
        var request = orderHook("order-sign", "demo-us-c1d1", org.inocds.support.HookRequests.medicationOrder("draft-9",
                "demo-us-c1d1", org.inocds.support.HookRequests.RXNORM, "197361", "amlodipine 5 MG Oral Tablet",
                new BigDecimal("5"), "mg", "2026-01-10"));
        String hookInstance = request.get("hookInstance").asText();
        cds.call("inotuzumab-order-sign", withFhirServer(request, cds.fhirBase()));
        issuedCards.flush();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM issued_card WHERE hook_instance = ?", Integer.class, hookInstance)).isZero();
    }

    /** Off the answer's path, but within its bound: the row is on disk shortly after the answer, with no flush asked for. */
    @Test
    void cardsReachTheDatabaseWithinTheWritersDelay() throws Exception {
        var request = orderHook("order-sign", "demo-us-c1d1",
                inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.70"), "mg", "2026-01-10"));
        String hookInstance = request.get("hookInstance").asText();
        int cards = cds.call("inotuzumab-order-sign", withFhirServer(request, cds.fhirBase())).json().get("cards").size();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        int written = 0;
        while (System.nanoTime() < deadline && (written = jdbc.queryForObject(
                "SELECT COUNT(*) FROM issued_card WHERE hook_instance = ?", Integer.class, hookInstance)) < cards) {
            Thread.sleep(5);
        }
        assertThat(written).isEqualTo(cards).isPositive();
    }
}
