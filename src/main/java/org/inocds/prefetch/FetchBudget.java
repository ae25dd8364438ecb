package org.inocds.prefetch;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one CDS call may spend on reading the FHIR server, over every key and page together: a deadline (the
 * CDS Hooks time budget) and a byte total. When the deadline passes, {@link #cancel()} stops every body still
 * arriving, so an endless or trickling response cannot hold the call, its thread or the heap.
 */
final class FetchBudget {

    private final long deadlineNanos;
    private final Duration length;
    private final AtomicLong bytesLeft;
    private final Set<CappedBody> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    FetchBudget(Duration length, long maxBytes) {
        this.length = length;
        this.deadlineNanos = System.nanoTime() + length.toNanos();
        this.bytesLeft = new AtomicLong(maxBytes);
    }

    Duration length() {
        return length;
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    boolean expired() {
        return cancelled || System.nanoTime() >= deadlineNanos;
    }

    /** @return false when the call's byte total is spent */
    boolean take(long bytes) {
        return bytesLeft.addAndGet(-bytes) >= 0;
    }

    /** @return false when the budget was already cancelled (the body must then stop itself) */
    boolean register(CappedBody s) {
        open.add(s);
        if (cancelled) {
            open.remove(s);
            return false;
        }
        return true;
    }

    void unregister(CappedBody s) {
        open.remove(s);
    }

    void cancel() {
        cancelled = true;
        open.forEach(body -> body.abort(new java.io.IOException("the call's time budget of " + length.toMillis() + " ms ran out")));
        open.clear();
    }
}
