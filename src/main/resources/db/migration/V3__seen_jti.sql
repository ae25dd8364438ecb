-- Token ids (jti) seen from each trusted CDS client, until the token expires: a replay to any replica that shares
-- this database is refused. Rows past expires_at are purged.
CREATE TABLE seen_jti (
    issuer      VARCHAR(300) NOT NULL,
    jti         VARCHAR(200) NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (issuer, jti)
);

CREATE INDEX seen_jti_expires_at ON seen_jti (expires_at);
