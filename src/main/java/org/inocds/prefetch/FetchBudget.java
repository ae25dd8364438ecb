package org.inocds.prefetch;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.inocds.json.BoundedJson;
import org.inocds.settings.InocdsProperties;

/**
 * What one CDS call may spend on reading the FHIR server, over every key and page together: a deadline (the
 * CDS Hooks time budget) and a byte total. When the deadline passes, {@link #cancel()} aborts every exchange still
 * running, so an endless or trickling response cannot hold the call, its thread or the heap.
 */
final class FetchBudget {

    private final long deadlineNanos;
    private final Duration length;
    private final AtomicLong bytesLeft;
    private final Set<Future<?>> open = ConcurrentHashMap.newKeySet();
    private final FetchedDataBudget.Charge shared;
    private volatile boolean cancelled;
    private volatile boolean serviceBusy;

    FetchBudget(Duration length, long maxBytes, FetchedDataBudget.Charge shared) {
        this.shared = shared;
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

    /** What taking more bytes found. */
    enum Spend { TAKEN, CALL_LIMIT, SERVICE_BUSY }

    /**
     * Charges {@code bytes} to the call's total and to the service's shared budget. When the service has no room the
     * call is marked busy and every exchange of it is stopped: it will be answered 503.
     */
    Spend take(long bytes) {
        if (bytesLeft.addAndGet(-bytes) < 0) {
            return Spend.CALL_LIMIT;
        }
        if (!shared.take(bytes)) {
            serviceBusy = true;
            cancel();
            return Spend.SERVICE_BUSY;
        }
        return Spend.TAKEN;
    }

    /**
     * Once a response is read whole, charges what it becomes beyond its bytes already charged: a response of
     * {@code elements} JSON elements counts as {@link BoundedJson#heapOf} divided by the heap an ordinary fetched byte
     * becomes ({@link InocdsProperties.Fetch#FETCHED_EXPANSION}), to the call's total and to the shared budget alike, so
     * that {@code max-call-size} and {@code max-fetched-in-progress} bound what the data becomes whatever its shape.
     */
    Spend takeAsRead(long responseBytes, long elements) {
        long counted = (BoundedJson.heapOf(responseBytes, elements) + InocdsProperties.Fetch.FETCHED_EXPANSION - 1)
                / InocdsProperties.Fetch.FETCHED_EXPANSION;
        return counted > responseBytes ? take(counted - responseBytes) : Spend.TAKEN;
    }

    /** Whether the shared budget refused this call's data. */
    boolean serviceBusy() {
        return serviceBusy;
    }

    /** An exchange in flight; aborted at once if the budget was already cancelled. */
    void register(Future<?> exchange) {
        open.add(exchange);
        if (cancelled) {
            exchange.cancel(true);
        }
    }

    void unregister(Future<?> exchange) {
        open.remove(exchange);
    }

    void cancel() {
        cancelled = true;
        open.forEach(f -> f.cancel(true));
        open.clear();
    }
}
