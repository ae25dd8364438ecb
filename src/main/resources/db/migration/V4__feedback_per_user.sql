-- The suggestions each card offered, so that feedback can accept only those; and who gave each feedback entry
-- (the verified CDS client's issuer and subject, "anonymous" without JWT), so that each user has one outcome per
-- card: the later entry wins.
ALTER TABLE issued_card ADD COLUMN suggestion_ids VARCHAR(2000);
ALTER TABLE card_feedback ADD COLUMN given_by VARCHAR(300) NOT NULL DEFAULT 'anonymous';
