package org.inocds.knowledge;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The threads UCUM works on, each conversion within a time box. UCUM's exact arithmetic never looks at an interrupt,
 * so a conversion past its box is not only abandoned: its thread is stopped (the pool replaces it), and until it has
 * ended it is counted as held (only where the runtime cannot stop it). While every thread is held no conversion is queued behind them (each answers
 * unconvertible at once) and {@link #available()} is false, which readiness reports.
 *
 * <p>{@code Thread.stop} is safe here as nowhere else: the task holds no lock of ours and UCUM's model is read-only
 * after load, so unwinding the stack leaves nothing half-written. Where the runtime no longer stops threads (Java 20
 * and later) the thread stays counted as held until UCUM ends, and readiness says so.
 */
final class UcumThreads {

    private final int size;
    private final long boxMillis;
    private final ThreadPoolExecutor pool;
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicLong timedOut = new AtomicLong();

    /** Whether a task past its box is stopped; false only in a test, to see what a runtime that cannot stop does. */
    private final boolean stopOverdue;

    UcumThreads(int size, long boxMillis) {
        this(size, boxMillis, true);
    }

    UcumThreads(int size, long boxMillis, boolean stopOverdue) {
        this.stopOverdue = stopOverdue;
        this.size = size;
        this.boxMillis = boxMillis;
        this.pool = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "ucum");
            t.setDaemon(true);
            return t;
        });
    }

    boolean available() {
        return held.get() < size;
    }

    long timedOut() {
        return timedOut.get();
    }

    /** The task's answer within the box; empty when it failed, was given up, or no thread is free of a held task. */
    <T> Optional<T> run(Callable<T> task) {
        if (!available()) {
            return Optional.empty();
        }
        Runner<T> runner = new Runner<>(task);
        Future<T> future = pool.submit(runner);
        try {
            return Optional.ofNullable(future.get(boxMillis, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            timedOut.incrementAndGet();
            runner.giveUp();
            future.cancel(true);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runner.giveUp();
            future.cancel(true);
            return Optional.empty();
        }
    }

    /** One task, which knows its thread so that it can be stopped, and is counted as held from its box's end to its own. */
    private final class Runner<T> implements Callable<T> {
        private final Callable<T> task;
        private Thread thread;
        private boolean finished;
        private boolean givenUp;
        private boolean heldPastBox;

        Runner(Callable<T> task) {
            this.task = task;
        }

        @Override
        public T call() throws Exception {
            synchronized (this) {
                if (givenUp) {
                    return null;
                }
                thread = Thread.currentThread();
            }
            try {
                return task.call();
            } finally {
                synchronized (this) {
                    finished = true;
                    thread = null;
                    if (heldPastBox) {
                        held.decrementAndGet();
                    }
                }
            }
        }

        @SuppressWarnings({"deprecation", "removal"})
        synchronized void giveUp() {
            if (givenUp || finished) {
                return;
            }
            givenUp = true;
            if (thread == null) {
                return; // not started: it will return at once
            }
            try {
                if (!stopOverdue) {
                    throw new UnsupportedOperationException("not stopped");
                }
                // UCUM computes and waits on nothing: the ThreadDeath unwinds this task at once, and the pool's worker,
                // which catches it with any other failure of a task, goes on to the next one
                thread.stop();
            } catch (UnsupportedOperationException e) {
                // Java 20+: the thread stays held until UCUM ends, and readiness reports it while no thread is free
                heldPastBox = true;
                held.incrementAndGet();
            }
        }
    }
}
