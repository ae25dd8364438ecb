-- Issue 22, defects 8 to 10.
-- Whom each card was issued to (the verified client, "anonymous" without JWT): only that client may give feedback on it.
ALTER TABLE issued_card ADD COLUMN issued_to VARCHAR(300) NOT NULL DEFAULT 'anonymous';

-- The outcome that counts for each card (the latest given), kept on the card as feedback arrives, so that the summary
-- is one pass over issued_card grouped by rule and outcome (a window over all feedback was super-linear on H2).
ALTER TABLE issued_card ADD COLUMN outcome VARCHAR(20);
ALTER TABLE issued_card ADD COLUMN outcome_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE issued_card ADD COLUMN override_system VARCHAR(300);
ALTER TABLE issued_card ADD COLUMN override_code VARCHAR(200);

UPDATE issued_card SET
    outcome = (SELECT f.outcome FROM card_feedback f WHERE f.card_uuid = issued_card.card_uuid
               ORDER BY f.outcome_at DESC, f.received_at DESC, f.feedback_id LIMIT 1),
    outcome_at = (SELECT f.outcome_at FROM card_feedback f WHERE f.card_uuid = issued_card.card_uuid
               ORDER BY f.outcome_at DESC, f.received_at DESC, f.feedback_id LIMIT 1),
    override_system = (SELECT f.override_system FROM card_feedback f WHERE f.card_uuid = issued_card.card_uuid
               ORDER BY f.outcome_at DESC, f.received_at DESC, f.feedback_id LIMIT 1),
    override_code = (SELECT f.override_code FROM card_feedback f WHERE f.card_uuid = issued_card.card_uuid
               ORDER BY f.outcome_at DESC, f.received_at DESC, f.feedback_id LIMIT 1)
WHERE EXISTS (SELECT 1 FROM card_feedback f WHERE f.card_uuid = issued_card.card_uuid);

-- One feedback row per card and outcome, updated when the outcome is given again (it was appended: one caller could
-- add thousands of rows a second on one card). The latest of each pair is kept.
DELETE FROM card_feedback WHERE feedback_id IN (
    SELECT feedback_id FROM (
        SELECT feedback_id, ROW_NUMBER() OVER (PARTITION BY card_uuid, outcome
                                               ORDER BY outcome_at DESC, received_at DESC, feedback_id) AS n
        FROM card_feedback) ranked
    WHERE ranked.n > 1);
CREATE UNIQUE INDEX card_feedback_card_outcome ON card_feedback (card_uuid, outcome);
