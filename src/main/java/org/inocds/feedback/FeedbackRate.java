package org.inocds.feedback;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most {@code limit} feedback entries per client per clock minute ({@code inocds.feedback.max-entries-per-client-per-minute}):
 * one trusted caller cannot write thousands of rows a second. Counted in memory, per replica. The map is cleared of
 * past minutes as it grows, so that it holds at most the clients of the current minute.
 */
public final class FeedbackRate {

    private static final int MAX_CLIENTS = 10_000;

    private record Window(long minute, AtomicLong entries) {}

    private final int limit;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public FeedbackRate(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** Counts {@code entries} for {@code client}; false when that takes it past its limit this minute (nothing counted then). */
    public boolean allow(String client, int entries) {
        long minute = clock.millis() / 60_000;
        if (windows.size() > MAX_CLIENTS) {
            windows.values().removeIf(w -> w.minute() != minute);
        }
        Window w = windows.compute(client, (k, old) -> old == null || old.minute() != minute ? new Window(minute, new AtomicLong()) : old);
        long after = w.entries().addAndGet(entries);
        if (after > limit) {
            w.entries().addAndGet(-entries);
            return false;
        }
        return true;
    }
}
