package org.inocds.feedback;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.inocds.cards.CardRenderer;
import org.inocds.cdshooks.IssuedCards;
import org.inocds.protocol.CdsJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records each issued card (uuid → service, rule ids, topic, time, the client it went to; never the card itself) for
 * feedback and audit, off the answer's path:
 * {@link #record} queues the rows and returns; one writer thread, woken by each call, inserts them in batches of up to
 * {@value #BATCH} (idle, it looks again every {@value #MAX_DELAY_MS} ms; under load a row waits behind the batch being
 * written). A card is therefore not on disk when its answer is sent. Concurrent request threads inserting row by row queued on the table's lock (seen with JFR
 * under load, docs/performance.md).
 *
 * <p>A full queue drops nothing: the caller then writes its rows itself. A batch the database refuses is logged and lost
 * to the log (the answer has gone; feedback naming those cards is refused). Before feedback is checked against
 * the log, and before the summary counts it, {@link #flush} writes whatever is queued, so feedback on a card just
 * issued finds it. What a {@code kill -9} can lose is the issued-card rows still queued or in a batch not yet committed,
 * never acknowledged feedback: feedback naming such a card is refused (it is not known), not stored and lost.
 */
@Component
public class IssuedCardLog implements IssuedCards, SmartLifecycle {

    static final long MAX_DELAY_MS = 20;
    private static final int QUEUE_CAPACITY = 10_000;
    private static final int BATCH = 500;
    private static final String INSERT = """
            INSERT INTO issued_card (card_uuid, service_id, hook_instance, rule_ids, topic, indicator, patient_hash, issued_at,
                suggestion_ids, issued_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final Logger log = LoggerFactory.getLogger(IssuedCardLog.class);

    private final JdbcTemplate jdbc;
    private final PatientHash patientHash;
    private final Clock clock;
    private final BlockingQueue<Object[]> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    /** Held while rows are taken from the queue and written: once {@link #flush} holds it, every earlier row is on disk. */
    private final ReentrantLock writing = new ReentrantLock();
    private final Condition queued = writing.newCondition();
    private volatile boolean running;
    private Thread writer;

    public IssuedCardLog(JdbcTemplate jdbc, PatientHash patientHash, AuditClock auditClock) {
        this.jdbc = jdbc;
        this.patientHash = patientHash;
        this.clock = auditClock.clock();
    }

    /**
     * @param issuedTo the client the cards go to (the verified client, "anonymous" without JWT): only it may give
     *     feedback on them
     */
    @Override
    public void record(String serviceId, String hookInstance, String patientId, String issuedTo, List<CdsJson.Card> cards) {
        if (cards.isEmpty()) {
            return;
        }
        String hash = patientHash.of(patientId);
        Timestamp now = Timestamp.from(Instant.now(clock));
        List<Object[]> rows = cards.stream().map(card -> new Object[] {
                card.uuid(), serviceId, truncate(hookInstance, 200), String.join(",", CardRenderer.rules(card)),
                card.source().topic().code(), card.indicator().json(), hash, now, suggestionIds(card), truncate(issuedTo, 300)}).toList();
        if (!running) {
            insert(rows);
            return;
        }
        List<Object[]> overflow = new ArrayList<>();
        for (Object[] row : rows) {
            if (!queue.offer(row)) {
                overflow.add(row);
            }
        }
        if (!overflow.isEmpty()) {
            insert(overflow); // back-pressure, never a dropped card
        }
        if (writing.tryLock()) { // the writer, if busy, drains the queue again before it waits
            try {
                queued.signal();
            } finally {
                writing.unlock();
            }
        }
    }

    /** Writes every row queued so far; returns when they are on disk. */
    public void flush() {
        writing.lock();
        try {
            drainAndWrite();
        } finally {
            writing.unlock();
        }
    }

    private void drainAndWrite() {
        List<Object[]> batch = new ArrayList<>();
        while (queue.drainTo(batch, BATCH) > 0) {
            insert(batch);
            batch.clear();
        }
    }

    /**
     * Inserts the rows, one per card id: a card issued again under an id already recorded (in this batch or before)
     * keeps its first row, so that it is counted once and feedback names one card. Such a repeat used to fail the whole
     * batch on the primary key, and every other card in it was lost to the log.
     */
    private void insert(List<Object[]> rows) {
        Map<Object, Object[]> byId = new LinkedHashMap<>();
        for (Object[] row : rows) {
            byId.putIfAbsent(row[0], row);
        }
        List<Object[]> unique = new ArrayList<>(byId.values());
        try {
            jdbc.batchUpdate(INSERT, unique);
        } catch (DuplicateKeyException repeated) {
            // some card of the batch was recorded before: write the batch row by row, keeping each first row
            for (Object[] row : unique) {
                try {
                    jdbc.update(INSERT, row);
                } catch (DuplicateKeyException known) {
                    // recorded already (before, or by the part of the batch the database wrote)
                }
            }
        }
    }

    private void writeLoop() {
        while (running || !queue.isEmpty()) {
            writing.lock();
            try {
                if (queue.isEmpty() && running) {
                    queued.await(MAX_DELAY_MS, TimeUnit.MILLISECONDS);
                }
                drainAndWrite();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the rows taken are lost to the log (feedback naming them is refused); the service keeps answering
                log.error("issued-card log: a batch could not be written", e);
            } finally {
                writing.unlock();
            }
        }
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::writeLoop, "issued-card-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** On shutdown: the writer stops, then whatever is still queued is written before the database closes. */
    @Override
    public void stop() {
        running = false;
        if (writer != null) {
            writing.lock();
            try {
                queued.signal();
            } finally {
                writing.unlock();
            }
            try {
                writer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static String suggestionIds(CdsJson.Card card) {
        if (card.suggestions() == null || card.suggestions().isEmpty()) {
            return null;
        }
        return String.join(",", card.suggestions().stream().map(CdsJson.Suggestion::uuid).toList());
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
