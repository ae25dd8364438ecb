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
import org.inocds.cdshooks.CdsServiceCatalog;
import org.inocds.cdshooks.CdsServiceDefinition;
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
    private final CdsServiceCatalog catalog;

    public FeedbackStore(JdbcTemplate jdbc, TransactionTemplate transactions, AuditClock auditClock, IssuedCardLog issuedCards,
            InocdsProperties properties, CdsServiceCatalog catalog) {
        this.jdbc = jdbc;
        this.catalog = catalog;
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
     * Per rule, all cards ever issued: see {@link #summary(Instant, Instant)}.
     */
    public List<Map<String, Object>> summary() {
        return summary(Instant.EPOCH, Instant.parse("9999-12-31T00:00:00Z")).rules();
    }

    /**
     * The figures of the cards issued in a period.
     *
     * @param rules per rule (the first of a card's rule ids): cards issued, accepted and overridden, the accept and
     *     override rates, the override reasons used ({@code system|code} → count), and the same counts per hook
     * @param hooks per hook (order-select, order-sign, patient-view): the same counts and rates
     * @param firstIssued the first and last card issued in the period, and the first and last outcome given on them
     *     (null when none)
     */
    public record Summary(List<Map<String, Object>> rules, List<Map<String, Object>> hooks, Instant firstIssued, Instant lastIssued,
            Instant firstOutcome, Instant lastOutcome) {}

    /**
     * The summary of the cards issued from {@code from} (inclusive) until {@code until} (exclusive). A card counts once:
     * the log holds one row per card id (a card issued again under the same id keeps its first row,
     * {@link IssuedCardLog}), and each card counts by the latest outcome given on it (by outcomeTimestamp, then arrival): a
     * card overridden and later accepted counts as accepted only, and the other way round. Both outcomes stay stored; only
     * the count follows the latest. Every rate has the cards issued as its denominator, so the two rates and the cards
     * without feedback add up to the cards issued.
     */
    public Summary summary(Instant from, Instant until) {
        issuedCards.flush();
        Map<String, Map<String, Object>> byRule = new LinkedHashMap<>();
        Map<String, Map<String, Object>> byHook = new LinkedHashMap<>();
        for (CdsServiceDefinition service : catalog.all()) { // every hook served, with no card as well
            byHook.computeIfAbsent(service.hook(), h -> counts("hook", h));
        }
        Instant[] span = new Instant[4];
        summaryJdbc.query("""
                SELECT rule_ids, service_id, outcome, override_system, override_code, COUNT(*) AS n,
                    MIN(issued_at) AS first_issued, MAX(issued_at) AS last_issued, MIN(outcome_at) AS first_outcome,
                    MAX(outcome_at) AS last_outcome
                FROM issued_card WHERE issued_at >= ? AND issued_at < ?
                GROUP BY rule_ids, service_id, outcome, override_system, override_code
                ORDER BY rule_ids""", rs -> {
            String rule = rs.getString("rule_ids").split(",")[0];
            var row = byRule.computeIfAbsent(rule, r -> newRow(r));
            String outcome = rs.getString("outcome");
            long n = rs.getLong("n");
            String hook = catalog.find(rs.getString("service_id")).map(CdsServiceDefinition::hook).orElse(rs.getString("service_id"));
            add(row, outcome, n);
            add(byHook.computeIfAbsent(hook, h -> counts("hook", h)), outcome, n);
            @SuppressWarnings("unchecked")
            var ruleHooks = (Map<String, Map<String, Object>>) row.get("hooks");
            add(ruleHooks.computeIfAbsent(hook, h -> counts(null, null)), outcome, n);
            if ("overridden".equals(outcome) && rs.getString("override_code") != null) {
                @SuppressWarnings("unchecked")
                var reasons = (Map<String, Long>) row.get("overrideReasons");
                reasons.merge(rs.getString("override_system") + "|" + rs.getString("override_code"), n, Long::sum);
            }
            span[0] = earlier(span[0], instant(rs.getTimestamp("first_issued")));
            span[1] = later(span[1], instant(rs.getTimestamp("last_issued")));
            span[2] = earlier(span[2], instant(rs.getTimestamp("first_outcome")));
            span[3] = later(span[3], instant(rs.getTimestamp("last_outcome")));
        }, Timestamp.from(from), Timestamp.from(until));
        List<Map<String, Object>> rules = new ArrayList<>(byRule.values());
        rules.forEach(FeedbackStore::rates);
        List<Map<String, Object>> hooks = new ArrayList<>(byHook.values());
        hooks.forEach(FeedbackStore::rates);
        return new Summary(rules, hooks, span[0], span[1], span[2], span[3]);
    }

    private static void add(Map<String, Object> row, String outcome, long n) {
        row.merge("issued", n, (a, b) -> (Long) a + (Long) b);
        row.merge("accepted", "accepted".equals(outcome) ? n : 0L, (a, b) -> (Long) a + (Long) b);
        row.merge("overridden", "overridden".equals(outcome) ? n : 0L, (a, b) -> (Long) a + (Long) b);
    }

    /** The rates, over the cards issued (the same denominator for both). */
    private static void rates(Map<String, Object> row) {
        long issued = (Long) row.get("issued");
        row.put("acceptRate", issued == 0 ? 0.0 : Math.round(1000.0 * (Long) row.get("accepted") / issued) / 1000.0);
        row.put("overrideRate", issued == 0 ? 0.0 : Math.round(1000.0 * (Long) row.get("overridden") / issued) / 1000.0);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static Map<String, Object> counts(String name, String value) {
        Map<String, Object> row = new LinkedHashMap<>();
        if (name != null) {
            row.put(name, value);
        }
        row.put("issued", 0L);
        row.put("accepted", 0L);
        row.put("overridden", 0L);
        return row;
    }

    private static Map<String, Object> newRow(String rule) {
        Map<String, Object> row = counts("rule", rule);
        row.put("overrideReasons", new LinkedHashMap<String, Long>());
        row.put("hooks", new LinkedHashMap<String, Map<String, Object>>());
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
