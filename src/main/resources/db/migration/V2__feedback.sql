-- CDS Hooks 2.0 feedback on issued cards. A repeat of the same feedback has the same id and is stored once.
-- The clinician's free-text comment is not kept (it may hold patient details): only whether there was one.
CREATE TABLE card_feedback (
    feedback_id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    card_uuid             VARCHAR(36)  NOT NULL REFERENCES issued_card (card_uuid),
    service_id            VARCHAR(100) NOT NULL,
    outcome               VARCHAR(20)  NOT NULL,
    accepted_suggestions  VARCHAR(2000),
    override_system       VARCHAR(300),
    override_code         VARCHAR(200),
    had_comment           BOOLEAN      NOT NULL,
    outcome_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at           TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX card_feedback_card ON card_feedback (card_uuid);
