package org.inocds.cards;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids the renderer gives cards and suggestions as it builds them: random (version 4) UUIDs, replaced before the answer
 * leaves by the ids {@code cdshooks/CardIdentity} works out from what the card is. Each
 * request thread draws from a SecureRandom of its own: {@link UUID#randomUUID()} shares one, and under load the
 * request threads queued on its lock (seen with JFR under the benchmark's load, docs/performance.md).
 */
public final class CardIds {

    /** DRBG keeps its state per instance; the default NativePRNG instances all read through one shared, locked stream. */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(() -> {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no DRBG SecureRandom in this JDK", e);
        }
    });

    private CardIds() {}

    public static String next() {
        byte[] b = new byte[16];
        RANDOM.get().nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
        b[8] = (byte) ((b[8] & 0x3f) | 0x80); // IETF variant
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (b[i] & 0xff);
            lsb = (lsb << 8) | (b[i + 8] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }
}
