package org.inocds.cdshooks;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.inocds.json.BoundedJson;
import org.inocds.settings.InocdsProperties;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * How many bytes of request bodies the service works on at once, across all callers
 * ({@code inocds.limits.max-bodies-in-progress}). A call's JSON tree and the record read from it take several times its
 * bytes, so many large calls at once could exhaust the heap: sixteen concurrent calls of 3.3 MB did with a 256 MB heap
 * (docs/performance.md). A body is counted by what it becomes where that is more than its bytes ({@link Charge#takeAsRead}:
 * a body of empty JSON objects becomes far more than eight bytes a byte). A call takes its bytes from the budget as they arrive — a dripping body holds only what it
 * has sent — and gives them back once answered. A call that cannot get them within {@link #WAIT} is answered 503 with
 * Retry-After rather than queued without end or let run the heap out.
 */
@Component
public class RequestBodyBudget {

    /** How long a call waits for room before it is answered 503. */
    static final Duration WAIT = Duration.ofSeconds(1);
    private static final int KB = 1024;

    private final Semaphore kilobytes;
    private final int capacityKb;

    public RequestBodyBudget(InocdsProperties properties) {
        DataSize capacity = properties.limits().bodiesInProgress(Runtime.getRuntime().maxMemory());
        this.capacityKb = (int) Math.max(1, Math.min(Integer.MAX_VALUE, capacity.toKilobytes()));
        this.kilobytes = new Semaphore(capacityKb);
    }

    /** How many request bytes may be in progress at once (said at start, {@code StartupReport}). */
    public DataSize capacity() {
        return DataSize.ofKilobytes(capacityKb);
    }

    /** A call's share, empty until its body arrives; close it when the call has been answered. */
    public Charge open() {
        return new Charge();
    }

    /** One call's bytes taken from the budget. Used by the thread serving the call only. */
    public final class Charge implements AutoCloseable {

        private long bytes;
        private int heldKb;

        private Charge() {}

        /**
         * Once the whole body is read, takes what it becomes rather than its bytes where that is more: a body of
         * {@code elements} JSON elements is counted as {@link BoundedJson#heapOf} divided by the heap an ordinary byte
         * becomes (the unit of this budget), so a {@code {}}-dense body counts as the ordinary body of as much heap.
         * 503 as {@link #take}.
         */
        public void takeAsRead(long bodyBytes, long elements) {
            long counted = (BoundedJson.heapOf(bodyBytes, elements) + BoundedJson.HEAP_PER_BYTE - 1) / BoundedJson.HEAP_PER_BYTE;
            if (counted > bytes) {
                take(counted - bytes);
            }
        }

        /** Takes {@code n} more bytes of the body; 503 when the budget has no room for them within {@link #WAIT}. */
        void take(long n) {
            bytes += n;
            // a body larger than the whole budget may still be read, but only alone
            int needKb = (int) Math.min(capacityKb, (bytes + KB - 1) / KB) - heldKb;
            if (needKb <= 0) {
                return;
            }
            boolean got;
            try {
                got = kilobytes.tryAcquire(needKb, WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                got = false;
            }
            if (!got) {
                throw new CdsHttpException.ServiceBusy();
            }
            heldKb += needKb;
        }

        @Override
        public void close() {
            if (heldKb > 0) {
                kilobytes.release(heldKb);
                heldKb = 0;
            }
        }
    }
}
