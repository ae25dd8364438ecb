package org.inocds.feedback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores feedback on issued cards and answers the summary. Idempotent: an entry's id is a hash of its
 * content, so the same feedback posted twice is stored once (the spec allows clients to resend).
 */
@Component
public class FeedbackStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public FeedbackStore(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The service id of an issued card, if the card was issued by this service. */
    public java.util.Optional<String> serviceOf(String cardUuid) {
        return jdbc.query("SELECT service_id FROM issued_card WHERE card_uuid = ?", (rs, i) -> rs.getString(1), cardUuid)
                .stream().findFirst();
    }

    /** @return how many entries were new (the rest were repeats) */
    public int store(String serviceId, List<FeedbackItem> items) {
        Timestamp now = Timestamp.from(Instant.now(clock));
        int stored = 0;
        for (FeedbackItem item : items) {
            try {
                transactions.executeWithoutResult(tx -> jdbc.update("""
                        INSERT INTO card_feedback (feedback_id, card_uuid, service_id, outcome, accepted_suggestions, override_system,
                            override_code, had_comment, outcome_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        id(item), item.cardUuid(), serviceId, item.outcome(),
                        item.acceptedSuggestions().isEmpty() ? null : String.join(",", item.acceptedSuggestions()),
                        item.overrideSystem().orElse(null), item.overrideCode().orElse(null), item.hadComment(),
                        Timestamp.from(item.outcomeAt()), now));
                stored++;
            } catch (DuplicateKeyException repeat) {
                // the same feedback again: already stored
            }
        }
        return stored;
    }

    /** Per rule: cards issued, accepted and overridden (each card counted once), and the override reasons used. */
    public List<Map<String, Object>> summary() {
        Map<String, Map<String, Object>> byRule = new LinkedHashMap<>();
        jdbc.query("""
                SELECT c.rule_ids, c.card_uuid,
                       MAX(CASE WHEN f.outcome = 'accepted' THEN 1 ELSE 0 END) AS accepted,
                       MAX(CASE WHEN f.outcome = 'overridden' THEN 1 ELSE 0 END) AS overridden
                FROM issued_card c LEFT JOIN card_feedback f ON f.card_uuid = c.card_uuid
                GROUP BY c.rule_ids, c.card_uuid ORDER BY c.rule_ids""", rs -> {
            String rule = rs.getString("rule_ids").split(",")[0];
            var row = byRule.computeIfAbsent(rule, r -> newRow(r));
            row.merge("issued", 1L, (a, b) -> (Long) a + (Long) b);
            row.merge("accepted", (long) rs.getInt("accepted"), (a, b) -> (Long) a + (Long) b);
            row.merge("overridden", (long) rs.getInt("overridden"), (a, b) -> (Long) a + (Long) b);
        });
        jdbc.query("""
                SELECT c.rule_ids, f.override_system, f.override_code, COUNT(DISTINCT f.card_uuid) AS n
                FROM card_feedback f JOIN issued_card c ON c.card_uuid = f.card_uuid
                WHERE f.outcome = 'overridden' AND f.override_code IS NOT NULL
                GROUP BY c.rule_ids, f.override_system, f.override_code""", rs -> {
            String rule = rs.getString("rule_ids").split(",")[0];
            @SuppressWarnings("unchecked")
            var reasons = (Map<String, Long>) byRule.computeIfAbsent(rule, r -> newRow(r)).get("overrideReasons");
            reasons.merge(rs.getString("override_system") + "|" + rs.getString("override_code"), rs.getLong("n"), Long::sum);
        });
        List<Map<String, Object>> rows = new ArrayList<>(byRule.values());
        for (var row : rows) {
            long issued = (Long) row.get("issued");
            row.put("acceptRate", issued == 0 ? 0.0 : Math.round(1000.0 * (Long) row.get("accepted") / issued) / 1000.0);
            row.put("overrideRate", issued == 0 ? 0.0 : Math.round(1000.0 * (Long) row.get("overridden") / issued) / 1000.0);
        }
        return rows;
    }

    private static Map<String, Object> newRow(String rule) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("rule", rule);
        row.put("issued", 0L);
        row.put("accepted", 0L);
        row.put("overridden", 0L);
        row.put("overrideReasons", new LinkedHashMap<String, Long>());
        return row;
    }

    private static String id(FeedbackItem item) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            String canonical = String.join("\u0000", item.cardUuid(), item.outcome(), String.join(",", item.acceptedSuggestions()),
                    item.overrideSystem().orElse(""), item.overrideCode().orElse(""), item.outcomeAt().toString());
            return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
