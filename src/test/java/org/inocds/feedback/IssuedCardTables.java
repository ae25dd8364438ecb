package org.inocds.feedback;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The issued-card log and its feedback emptied before a test: the same card issued again keeps its id and its first row
 * (cdshooks/CardIdentity), so a card one test issued (and gave feedback on) would otherwise be the card the next test
 * issues, with that test's hook instance and feedback.
 */
final class IssuedCardTables {

    private IssuedCardTables() {}

    static void empty(IssuedCardLog log, JdbcTemplate jdbc) {
        log.flush(); // rows still queued would be written after the delete
        jdbc.update("DELETE FROM card_feedback");
        jdbc.update("DELETE FROM issued_card");
    }
}
