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
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores feedback on issued cards and answers the summary. Idempotent: an entry's id is a hash of its
 * content and of who gave it, so the same feedback posted twice is stored once (the spec allows clients to resend).
 */
@Component
public class FeedbackStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final IssuedCardLog issuedCards;
    private final Clock clock;

    public FeedbackStore(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, IssuedCardLog issuedCards) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.issuedCards = issuedCards;
    }

    /** An issued card as feedback needs it: the service that issued it and the suggestion ids it offered. */
    public record IssuedCard(String serviceId, List<String> suggestionIds) {}

    public Optional<IssuedCard> issued(String cardUuid) {
        issuedCards.flush(); // a card issued a moment ago may still be queued
        return jdbc.query("SELECT service_id, suggestion_ids FROM issued_card WHERE card_uuid = ?", (rs, i) -> new IssuedCard(
                rs.getString(1), rs.getString(2) == null ? List.of() : List.of(rs.getString(2).split(","))), cardUuid).stream().findFirst();
    }

    /** @return how many entries were new (the rest were repeats) */
    public int store(String serviceId, String givenBy, List<FeedbackItem> items) {
        Timestamp now = Timestamp.from(Instant.now(clock));
        int stored = 0;
        for (FeedbackItem item : items) {
            try {
                transactions.executeWithoutResult(tx -> jdbc.update("""
                        INSERT INTO card_feedback (feedback_id, card_uuid, service_id, outcome, accepted_suggestions, override_system,
                            override_code, had_comment, outcome_at, received_at, given_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        id(item, givenBy), item.cardUuid(), serviceId, item.outcome(),
                        item.acceptedSuggestions().isEmpty() ? null : String.join(",", item.acceptedSuggestions()),
                        item.overrideSystem().orElse(null), item.overrideCode().orElse(null), item.hadComment(),
                        Timestamp.from(item.outcomeAt()), now, givenBy));
                stored++;
            } catch (DuplicateKeyException repeat) {
                // the same feedback again: already stored
            }
        }
        return stored;
    }

    /**
     * Per rule: cards issued, accepted and overridden, and the override reasons used. A card counts once, by the
     * latest outcome given on it (by outcomeTimestamp, then arrival): a card overridden and later accepted counts as
     * accepted only, and the other way round. Feedback history is kept; only the count follows the latest.
     */
    public List<Map<String, Object>> summary() {
        issuedCards.flush();
        Map<String, Map<String, Object>> byRule = new LinkedHashMap<>();
        jdbc.query("""
                SELECT c.rule_ids, l.outcome, l.override_system, l.override_code
                FROM issued_card c LEFT JOIN (
                    SELECT f.card_uuid, f.outcome, f.override_system, f.override_code,
                           ROW_NUMBER() OVER (PARTITION BY f.card_uuid ORDER BY f.outcome_at DESC, f.received_at DESC, f.feedback_id) AS n
                    FROM card_feedback f) l ON l.card_uuid = c.card_uuid AND l.n = 1
                ORDER BY c.rule_ids""", rs -> {
            String rule = rs.getString("rule_ids").split(",")[0];
            var row = byRule.computeIfAbsent(rule, r -> newRow(r));
            String outcome = rs.getString("outcome");
            row.merge("issued", 1L, (a, b) -> (Long) a + (Long) b);
            row.merge("accepted", "accepted".equals(outcome) ? 1L : 0L, (a, b) -> (Long) a + (Long) b);
            row.merge("overridden", "overridden".equals(outcome) ? 1L : 0L, (a, b) -> (Long) a + (Long) b);
            if ("overridden".equals(outcome) && rs.getString("override_code") != null) {
                @SuppressWarnings("unchecked")
                var reasons = (Map<String, Long>) row.get("overrideReasons");
                reasons.merge(rs.getString("override_system") + "|" + rs.getString("override_code"), 1L, Long::sum);
            }
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

    private static String id(FeedbackItem item, String givenBy) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            String canonical = String.join("\u0000", givenBy, item.cardUuid(), item.outcome(), String.join(",", item.acceptedSuggestions()),
                    item.overrideSystem().orElse(""), item.overrideCode().orElse(""), item.outcomeAt().toString());
            return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
