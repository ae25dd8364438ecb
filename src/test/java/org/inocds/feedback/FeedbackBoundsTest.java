package org.inocds.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 22, defects 8 to 10, on H2: a per-client bound on feedback, a retention purge that keeps the database within
 * its bounds, and a summary whose cost grows linearly with the cards issued.
 */
@TestPropertySource(properties = {"inocds.feedback.max-entries-per-client-per-minute=5", "inocds.feedback.max-issued-cards=20000",
        "inocds.feedback.retention=30d"})
class FeedbackBoundsTest extends ServiceHttpTest {

    private static final Instant NOW = Instant.parse("2026-01-10T00:30:00Z"); // the tests' clock

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    FeedbackRetention retention;

    @Autowired
    FeedbackStore store;

    /** Cards issued straight into the log's table, {@code ageDays} old, each with an override on it. */
    private List<String> cards(int n, int ageDays) {
        List<Object[]> issued = new ArrayList<>();
        List<Object[]> feedback = new ArrayList<>();
        Timestamp at = Timestamp.from(NOW.minusSeconds(86_400L * ageDays));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String card = UUID.randomUUID().toString();
            ids.add(card);
            issued.add(new Object[] {card, "inotuzumab-order-sign", "h", i % 2 == 0 ? "DOSE-2" : "HOLD-1", "dose", "warning", "x", at,
                    "overridden", at});
            feedback.add(new Object[] {card, card, "inotuzumab-order-sign", "overridden", false, at, at});
        }
        jdbc.batchUpdate("""
                INSERT INTO issued_card (card_uuid, service_id, hook_instance, rule_ids, topic, indicator, patient_hash, issued_at,
                    outcome, outcome_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", issued);
        jdbc.batchUpdate("""
                INSERT INTO card_feedback (feedback_id, card_uuid, service_id, outcome, had_comment, outcome_at, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", feedback);
        return ids;
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    @Test
    void oneClientsFeedbackIsBoundedPerMinute() {
        List<String> ids = cards(6, 0);
        int ok = 0;
        int throttled = 0;
        for (String card : ids) {
            String body = "{\"feedback\":[{\"card\":\"%s\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2026-01-10T00:30:00Z\"}]}"
                    .formatted(card);
            var answer = cds.post("/cds-services/inotuzumab-order-sign/feedback", body.getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json"));
            if (answer.status() == 200) {
                ok++;
            } else {
                assertThat(answer.status()).isEqualTo(429);
                assertThat(answer.header("Retry-After")).isNotNull();
                throttled++;
            }
        }
        assertThat(ok).isEqualTo(5);
        assertThat(throttled).isEqualTo(1);
    }

    @Test
    void thePurgeDeletesWhatIsPastTheRetentionAndTheOldestBeyondTheMostKept() {
        jdbc.update("DELETE FROM card_feedback");
        jdbc.update("DELETE FROM issued_card");
        List<String> old = cards(50, 31);
        cards(50, 29);
        retention.purge();
        assertThat(count("issued_card")).isEqualTo(50);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM issued_card WHERE card_uuid = ?", Long.class, old.get(0))).isZero();
        assertThat(count("card_feedback")).isEqualTo(50);

        cards(20_010, 1);
        retention.purge();
        assertThat(count("issued_card")).as("the oldest beyond 20,000 go").isEqualTo(20_000);
        assertThat(count("card_feedback")).isEqualTo(20_000);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM issued_card WHERE issued_at < ?", Long.class,
                Timestamp.from(NOW.minusSeconds(86_400L * 2)))).as("the 29-day-old went first").isZero();
    }

    /** Issue 22 defect 10: 15.6 s at 8,000 rows and no answer at 16,000 before; now one grouped pass. */
    @Test
    void theSummaryGrowsLinearly() {
        jdbc.update("DELETE FROM card_feedback");
        jdbc.update("DELETE FROM issued_card");
        cards(8_000, 1);
        store.summary(); // warm
        long t8 = timed();
        cards(8_000, 1);
        long t16 = timed();
        var dose = store.summary().stream().filter(r -> r.get("rule").equals("DOSE-2")).findFirst().orElseThrow();
        assertThat(dose.get("issued")).isEqualTo(8_000L);
        assertThat(dose.get("overridden")).isEqualTo(8_000L);
        assertThat(t16).as("16,000 cards in ms").isLessThan(2_000);
        assertThat(t16).as("twice the cards, at most about twice the time (%d ms at 8,000)", t8).isLessThan(Math.max(200, 4 * t8));
    }

    private long timed() {
        long start = System.nanoTime();
        store.summary();
        return (System.nanoTime() - start) / 1_000_000;
    }
}
