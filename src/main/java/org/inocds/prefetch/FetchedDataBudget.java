package org.inocds.prefetch;

import java.util.concurrent.Semaphore;
import org.inocds.settings.InocdsProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * How much fetched FHIR data the service holds at once, across all calls ({@code inocds.fetch.max-fetched-in-progress}),
 * as {@code cdshooks/RequestBodyBudget} does for request bodies. Each call may fetch up to {@code max-call-size}, and a
 * fetched byte is held several times over — as the response, the JSON tree, HAPI's resources and the record — so a
 * byte is charged {@link InocdsProperties.Fetch#FETCHED_EXPANSION} times (issue 22: four calls of 16 MB of tiny
 * Observations ran a pod's heap out; eight on a plain heap killed the FHIR client's I/O thread).
 *
 * <p>A call takes its share as the bytes arrive, on the FHIR client's I/O thread, which must never wait: a call that
 * finds no room has its fetching stopped and is answered 503 with Retry-After (docs/design.md "Limits"), rather than
 * queued or let run the heap out. The share is given back once the call is answered.
 */
@Component
public class FetchedDataBudget {

    private static final int KB = 1024;

    private final Semaphore kilobytes;
    private final int capacityKb;

    @Autowired
    public FetchedDataBudget(InocdsProperties properties) {
        this(properties.fetch().fetchedInProgress(Runtime.getRuntime().maxMemory()));
    }

    FetchedDataBudget(DataSize capacity) {
        this.capacityKb = (int) Math.max(1, Math.min(Integer.MAX_VALUE, capacity.toKilobytes()));
        this.kilobytes = new Semaphore(capacityKb);
    }

    /** Fetched data (counted with its expansion) that may be held at once (said at start, {@code StartupReport}). */
    public DataSize capacity() {
        return DataSize.ofKilobytes(capacityKb);
    }

    /** What calls hold now (readiness details, tests). */
    public DataSize inUse() {
        return DataSize.ofKilobytes(capacityKb - kilobytes.availablePermits());
    }

    /** A call's share, empty until data arrives; close it once the call has been answered. */
    public Charge open() {
        return new Charge();
    }

    /** One call's fetched data taken from the budget; its keys are fetched in parallel, so it is thread-safe. */
    public final class Charge implements AutoCloseable {

        private long counted;
        private int heldKb;
        private boolean closed;

        private Charge() {}

        /** Takes {@code fetchedBytes} more (times the expansion) at once, never waiting; false when there is no room. */
        synchronized boolean take(long fetchedBytes) {
            if (closed) {
                return false;
            }
            counted += fetchedBytes * InocdsProperties.Fetch.FETCHED_EXPANSION;
            // a call needing more than the whole budget may still be served, but only alone
            int needKb = (int) Math.min(capacityKb, (counted + KB - 1) / KB) - heldKb;
            if (needKb <= 0) {
                return true;
            }
            if (!kilobytes.tryAcquire(needKb)) {
                return false;
            }
            heldKb += needKb;
            return true;
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (heldKb > 0) {
                kilobytes.release(heldKb);
                heldKb = 0;
            }
        }
    }
}
