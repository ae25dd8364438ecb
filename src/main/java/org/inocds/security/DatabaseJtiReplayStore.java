package org.inocds.security;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@link JtiReplayStore} of several replicas: the primary key (issuer, jti) of {@code seen_jti} makes the
 * first insert win on whichever replica it lands; expired rows are purged at most once a minute.
 */
final class DatabaseJtiReplayStore implements JtiReplayStore {

    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    private static final int MAX_JTI = 200;

    private final JdbcTemplate jdbc;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.EPOCH);

    DatabaseJtiReplayStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean firstUse(String issuer, String jti, Instant expiry, Instant now) {
        Instant last = lastPurge.get();
        if (last.plus(PURGE_EVERY).isBefore(now) && lastPurge.compareAndSet(last, now)) {
            jdbc.update("DELETE FROM seen_jti WHERE expires_at < ?", Timestamp.from(now));
        }
        if (issuer.length() > 300 || jti.length() > MAX_JTI) {
            return false; // longer than any id we can remember: refused rather than remembered in part
        }
        try {
            jdbc.update("INSERT INTO seen_jti (issuer, jti, expires_at) VALUES (?, ?, ?)", issuer, jti, Timestamp.from(expiry));
            return true;
        } catch (DuplicateKeyException replay) {
            return false;
        }
    }
}
