package org.inocds.security;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory {@link JtiReplayStore} of one process (the embedded default). Bounded: at the size limit expired entries are purged first, then arbitrary ones, so memory stays capped
 * (a replay inside the token's few minutes of life needs more than that many tokens in between).
 */
final class JtiReplayCache implements JtiReplayStore {

    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private final int maxSize;

    JtiReplayCache(int maxSize) {
        this.maxSize = maxSize;
    }

    @Override
    public boolean firstUse(String issuer, String jti, Instant expiry, Instant now) {
        if (seen.size() >= maxSize) {
            purge(now);
        }
        return seen.putIfAbsent(issuer + "\u0000" + jti, expiry) == null;
    }

    private void purge(Instant now) {
        seen.values().removeIf(expiry -> expiry.isBefore(now));
        Iterator<String> keys = seen.keySet().iterator();
        while (seen.size() >= maxSize && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
