-- Every card the service issues, so that feedback can be tied to the rule that produced it.
-- No patient data: the patient is a keyed hash (HMAC-SHA256) of the FHIR id.
CREATE TABLE issued_card (
    card_uuid      VARCHAR(36)  NOT NULL PRIMARY KEY,
    service_id     VARCHAR(100) NOT NULL,
    hook_instance  VARCHAR(200) NOT NULL,
    rule_ids       VARCHAR(500) NOT NULL,
    topic          VARCHAR(40)  NOT NULL,
    indicator      VARCHAR(10)  NOT NULL,
    patient_hash   VARCHAR(64)  NOT NULL,
    issued_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX issued_card_issued_at ON issued_card (issued_at);
