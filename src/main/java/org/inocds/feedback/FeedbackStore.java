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
import org.inocds.settings.InocdsProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores feedback on issued cards and answers the summary. One row per card and outcome, updated when that outcome is
 * given again (a resend, or a later change of mind), never appended; the outcome that counts for a card (the latest by
 * {@code outcomeTimestamp}, then arrival) is kept on the card's own row as feedback arrives, so the summary is one
 * grouped pass over the issued cards, linear on H2 and PostgreSQL alike, within {@code inocds.feedback.summary-timeout}.
 */
@Component
public class FeedbackStore {

    private final JdbcTemplate jdbc;
    private final JdbcTemplate summaryJdbc;
    private final TransactionTemplate transactions;
    private final IssuedCardLog issuedCards;
    private final Clock clock;

    public FeedbackStore(JdbcTemplate jdbc, TransactionTemplate transactions, AuditClock auditClock, IssuedCardLog issuedCards,
            InocdsProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = auditClock.clock();
        this.issuedCards = issuedCards;
        this.summaryJdbc = new JdbcTemplate(jdbc.getDataSource());
        this.summaryJdbc.setQueryTimeout((int) Math.max(1, properties.feedback().summaryTimeout().toSeconds()));
    }

    /**
     * An issued card as feedback needs it: the service that issued it, the suggestion ids it offered, to whom and when,
     * and the rule that made it (the first of its rule ids, as the summary counts it).
     */
    public record IssuedCard(String serviceId, List<String> suggestionIds, String issuedTo, Instant issuedAt, String primaryRule) {}

    public Optional<IssuedCard> issued(String cardUuid) {
        issuedCards.flush(); // a card issued a moment ago may still be queued
        return jdbc.query("SELECT service_id, suggestion_ids, issued_to, issued_at, rule_ids FROM issued_card WHERE card_uuid = ?",
                (rs, i) -> new IssuedCard(rs.getString(1), rs.getString(2) == null ? List.of() : List.of(rs.getString(2).split(",")),
                        rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getString(5).split(",")[0]), cardUuid).stream().findFirst();
    }

    /**
     * Stores a whole request's entries in one transaction: all or none.
     *
     * @return how many entries were new (the rest updated an outcome already given)
     */
    public int store(String serviceId, String givenBy, List<FeedbackItem> items) {
        try {
            return transactions.execute(tx -> storeAll(serviceId, givenBy, items));
        } catch (DuplicateKeyException raced) {
            // another request gave the same outcome on the same card at the same moment: now it is there, update it
            return transactions.execute(tx -> storeAll(serviceId, givenBy, items));
        }
    }

    private int storeAll(String serviceId, String givenBy, List<FeedbackItem> items) {
        Timestamp now = Timestamp.from(Instant.now(clock));
        int inserted = 0;
        for (FeedbackItem item : items) {
            Timestamp at = Timestamp.from(item.outcomeAt());
            String accepted = item.acceptedSuggestions().isEmpty() ? null : String.join(",", item.acceptedSuggestions());
            String system = item.overrideSystem().orElse(null);
            String code = item.overrideCode().orElse(null);
            int updated = jdbc.update("""
                    UPDATE card_feedback SET accepted_suggestions = ?, override_system = ?, override_code = ?, had_comment = ?,
                        outcome_at = ?, received_at = ?, given_by = ?
                    WHERE card_uuid = ? AND outcome = ? AND outcome_at <= ?""",
                    accepted, system, code, item.hadComment(), at, now, givenBy, item.cardUuid(), item.outcome(), at);
            if (updated == 0 && jdbc.queryForObject("SELECT COUNT(*) FROM card_feedback WHERE card_uuid = ? AND outcome = ?",
                    Integer.class, item.cardUuid(), item.outcome()) == 0) {
                jdbc.update("""
                        INSERT INTO card_feedback (feedback_id, card_uuid, service_id, outcome, accepted_suggestions, override_system,
                            override_code, had_comment, outcome_at, received_at, given_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        id(item.cardUuid(), item.outcome()), item.cardUuid(), serviceId, item.outcome(), accepted, system, code,
                        item.hadComment(), at, now, givenBy);
                inserted++;
            }
            // the outcome that counts: the latest given (a tie goes to the later arrival)
            jdbc.update("""
                    UPDATE issued_card SET outcome = ?, outcome_at = ?, override_system = ?, override_code = ?
                    WHERE card_uuid = ? AND (outcome_at IS NULL OR outcome_at <= ?)""",
                    item.outcome(), at, "overridden".equals(item.outcome()) ? system : null,
                    "overridden".equals(item.outcome()) ? code : null, item.cardUuid(), at);
        }
        return inserted;
    }

    /**
     * Per rule: cards issued, accepted and overridden, and the override reasons used. A card counts once, by the
     * latest outcome given on it (by outcomeTimestamp, then arrival): a card overridden and later accepted counts as
     * accepted only, and the other way round. Both outcomes stay stored; only the count follows the latest.
     */
    public List<Map<String, Object>> summary() {
        issuedCards.flush();
        Map<String, Map<String, Object>> byRule = new LinkedHashMap<>();
        summaryJdbc.query("""
                SELECT rule_ids, outcome, override_system, override_code, COUNT(*) AS n
                FROM issued_card GROUP BY rule_ids, outcome, override_system, override_code
                ORDER BY rule_ids""", rs -> {
            String rule = rs.getString("rule_ids").split(",")[0];
            var row = byRule.computeIfAbsent(rule, r -> newRow(r));
            String outcome = rs.getString("outcome");
            long n = rs.getLong("n");
            row.merge("issued", n, (a, b) -> (Long) a + (Long) b);
            row.merge("accepted", "accepted".equals(outcome) ? n : 0L, (a, b) -> (Long) a + (Long) b);
            row.merge("overridden", "overridden".equals(outcome) ? n : 0L, (a, b) -> (Long) a + (Long) b);
            if ("overridden".equals(outcome) && rs.getString("override_code") != null) {
                @SuppressWarnings("unchecked")
                var reasons = (Map<String, Long>) row.get("overrideReasons");
                reasons.merge(rs.getString("override_system") + "|" + rs.getString("override_code"), n, Long::sum);
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

    /** The row of one card and outcome. */
    private static String id(String cardUuid, String outcome) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest((cardUuid + "\u0000" + outcome).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
