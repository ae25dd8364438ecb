package org.inocds.feedback;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.inocds.settings.InocdsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bound on what is stored (issue 22, defect 9): every {@code inocds.feedback.purge-interval}, issued cards older
 * than {@code retention} and the oldest beyond {@code max-issued-cards} are deleted with their feedback, in slices of
 * {@value #SLICE} cards (one short transaction each), so that the database cannot grow without bound under any load.
 */
@Component
public class FeedbackRetention implements SmartLifecycle {

    static final int SLICE = 5_000;
    private static final Logger log = LoggerFactory.getLogger(FeedbackRetention.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final IssuedCardLog issuedCards;
    private final Clock clock;
    private final InocdsProperties.Feedback settings;
    private ScheduledExecutorService scheduler;

    public FeedbackRetention(JdbcTemplate jdbc, TransactionTemplate transactions, IssuedCardLog issuedCards, AuditClock auditClock,
            InocdsProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.issuedCards = issuedCards;
        this.clock = auditClock.clock();
        this.settings = properties.feedback();
    }

    /** Deletes what is past the retention or beyond the most kept; returns how many cards went. */
    public int purge() {
        issuedCards.flush();
        Timestamp cutoff = Timestamp.from(Instant.now(clock).minus(settings.retention()));
        int deleted = 0;
        for (int n; (n = deleteSlice("WHERE issued_at < ?", cutoff)) > 0; ) {
            deleted += n;
        }
        long excess = jdbc.queryForObject("SELECT COUNT(*) FROM issued_card", Long.class) - settings.maxIssuedCards();
        while (excess > 0) {
            int n = deleteOldest((int) Math.min(SLICE, excess));
            if (n == 0) {
                break;
            }
            deleted += n;
            excess -= n;
        }
        if (deleted > 0) {
            log.info("retention: {} issued cards and their feedback deleted", deleted);
        }
        return deleted;
    }

    private int deleteSlice(String where, Timestamp cutoff) {
        return transactions.execute(tx -> {
            var cards = jdbc.queryForList("SELECT card_uuid FROM issued_card " + where + " ORDER BY issued_at LIMIT " + SLICE,
                    String.class, cutoff);
            return delete(cards);
        });
    }

    private int deleteOldest(int count) {
        return transactions.execute(tx -> delete(jdbc.queryForList(
                "SELECT card_uuid FROM issued_card ORDER BY issued_at LIMIT " + count, String.class)));
    }

    private int delete(List<String> cards) {
        if (cards.isEmpty()) {
            return 0;
        }
        var args = cards.stream().map(c -> new Object[] {c}).toList();
        jdbc.batchUpdate("DELETE FROM card_feedback WHERE card_uuid = ?", args);
        jdbc.batchUpdate("DELETE FROM issued_card WHERE card_uuid = ?", args);
        return cards.size();
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "feedback-retention");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, settings.purgeInterval().toSeconds());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                purge();
            } catch (RuntimeException e) {
                log.error("retention: purge failed; it runs again in {}", Duration.ofSeconds(every), e);
            }
        }, Math.min(every, 60), every, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }
}
