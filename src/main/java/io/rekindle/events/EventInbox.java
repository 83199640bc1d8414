package io.rekindle.events;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;

import io.rekindle.contact.ActivityEvent;
import io.rekindle.contact.ContactActivity;
import io.rekindle.contact.EventType;
import io.rekindle.engine.ProcessRuntime;
import io.rekindle.outbox.Backoff;
import io.rekindle.outbox.OutboxMessage;
import io.rekindle.outbox.OutboxService;
import io.rekindle.system.DatabaseKind;
import io.rekindle.system.DatabaseUnreachable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The durable inbox (issue 13): every accepted event keeps its correlation state in {@code event_inbox}, stored in the
 * same transaction as the event. An attempt correlates the event with its journeys and records DONE in one
 * transaction: either the journeys moved and the event is done, or neither. A failed attempt (the database blinked,
 * a lock held too long, a conflict that did not settle) leaves the event PENDING with a capped exponential backoff,
 * and {@link #retryDue()} (scheduled on every node) tries again until it is done; DONE with 0 journeys means nobody
 * was waiting for it, which is an answer too (journeys read the CRM at their next step).
 * <p>
 * Each attempt claims its row by a conditional update with a lease, as the outbox dispatchers do: two nodes never run
 * the same event at once, and a node that dies mid-attempt leaves it to another once the lease runs out.
 */
@Component
public class EventInbox {

    /** Where an accepted event's correlation stands. */
    public enum Correlation {
        /** Reached every journey waiting for it (maybe none). */
        DONE,
        /** Stored; its correlation failed or runs elsewhere right now; the inbox retries it. */
        PENDING
    }

    /** What an attempt (or a look at the row) gave. */
    record Outcome(Correlation correlation, int journeys) {
    }

    /** A stored event and, unless it was a duplicate (null then), what its first attempt gave. */
    record Stored(ActivityEvent event, Outcome outcome) {
    }

    /** The inbox at a glance ({@code GET /api/events/inbox}). */
    public record Summary(long pending, long failing, Instant oldestPendingReceivedAt, Long oldestPendingAgeSeconds) {
    }

    private static final Logger log = LoggerFactory.getLogger(EventInbox.class);
    /** A timer or another event moving the same journey at that moment: at once again, on fresh state. */
    private static final int CONFLICT_ATTEMPTS = 3;
    /**
     * How long the one-transaction path waits for a row lock before it steps aside for the two-transaction one: far
     * above a timer step holding its journey (milliseconds), short enough that an event whose journey another
     * transaction keeps locked is stored, and acknowledged PENDING, within seconds.
     */
    private static final Duration ONE_TRANSACTION_LOCK_WAIT = Duration.ofSeconds(1);

    private final InboxRepository inbox;
    private final JourneyCorrelation correlation;
    private final ContactActivity activity;
    private final OutboxService outbox;
    private final TransactionTemplate transaction;
    private final InboxProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final DatabaseKind database;

    EventInbox(InboxRepository inbox, JourneyCorrelation correlation, ContactActivity activity, OutboxService outbox,
            PlatformTransactionManager transactions, InboxProperties properties, Clock clock, MeterRegistry meters,
            DatabaseKind database) {
        this.inbox = inbox;
        this.correlation = correlation;
        this.activity = activity;
        this.outbox = outbox;
        this.transaction = new TransactionTemplate(transactions);
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.database = database;
    }

    /**
     * A new event from a request: stored and delivered to its journeys in one transaction, its row written DONE — the
     * event, its correlation state and the journeys it moved commit together. When that transaction fails (a conflict
     * with a timer moving the same journey, a lock held longer than {@link #ONE_TRANSACTION_LOCK_WAIT}, anything but the
     * database out of reach), none of it stays: the event is stored on its own with its row claimed, then delivered by
     * an attempt of its own, which the inbox retries if it fails too — the guarantees of the two steps, at the cost of
     * one transaction for the usual case. {@code record} stores the event (or finds it, a duplicate: delivered by
     * nobody here) and may run twice.
     */
    Stored storeAndDeliver(Supplier<ActivityEvent> record) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // a caller's own transaction (the preference page's unsubscribe from everything): all of it or nothing,
            // as a contact change's withdrawal; no second step could run in a transaction a failure has spoilt, the
            // caller tries again whole
            ActivityEvent event = record.get();
            return new Stored(event, event.duplicate() ? null
                    : new Outcome(Correlation.DONE, deliverWithin(event)));
        }
        try {
            Stored done = transaction.execute(s -> {
                if (database.postgres()) {
                    inbox.boundLockWaits(ONE_TRANSACTION_LOCK_WAIT);
                }
                ActivityEvent event = record.get();
                if (event.duplicate()) {
                    return new Stored(event, null);
                }
                int moved = correlation.correlate(event, messageProcessInstance(event));
                inbox.insertDone(event.id(), moved, clock.instant());
                return new Stored(event, new Outcome(Correlation.DONE, moved));
            });
            if (done.outcome() != null) {
                count("request", "done");
            }
            return done;
        } catch (DuplicateKeyException sameEventAtOnce) {
            throw sameEventAtOnce;
        } catch (RuntimeException e) {
            if (DatabaseUnreachable.causes(e)) {
                throw e; // storing alone would fail the same way: the sender, not acknowledged, posts it again
            }
            log.debug("One-transaction delivery stepped aside: {}", errorOf(e));
        }
        ActivityEvent event = transaction.execute(s -> {
            ActivityEvent kept = record.get();
            if (!kept.duplicate()) {
                stored(kept.id());
            }
            return kept;
        });
        return new Stored(event, event.duplicate() ? null : deliverNew(event));
    }

    /** The new event's row, in the transaction that stores the event, claimed for the attempt the request makes. */
    void stored(long eventId) {
        Instant now = clock.instant();
        inbox.insertClaimed(eventId, now, now.plus(properties.lock()));
    }

    /** An event that has no journey to reach (a link scanner's click): kept as done, with no journey. */
    Outcome reachesNoJourney(long eventId) {
        Instant now = clock.instant();
        inbox.insertClaimed(eventId, now, now);
        inbox.markDone(eventId, 0, now);
        return new Outcome(Correlation.DONE, 0);
    }

    /**
     * An event stored in a transaction of the caller's (a consent withdrawn by a contact change, an unsubscribe from
     * everything on the preference page) that must reach its journeys in that same transaction: the change, the event
     * and the journeys' end commit together or not at all. A conflict with a timer moving the same journey fails the
     * caller's transaction; it tries again whole. It reaches what the event's own attempt would: an open or a click, the
     * journey that sent its email.
     */
    int deliverWithin(ActivityEvent event) {
        Instant now = clock.instant();
        inbox.insertClaimed(event.id(), now, now);
        int moved = correlation.correlate(event, messageProcessInstance(event));
        inbox.markDone(event.id(), moved, now);
        count("consent-change", "done");
        return moved;
    }

    /**
     * An event stored by a bulk write of the caller's (an import withdrawing email consents): its row, due now, in
     * that transaction. The inbox's worker delivers it within its retry interval, so a batch of thousands of rows
     * neither waits for journeys nor fails when one of them is moving at that moment.
     */
    public void queue(ActivityEvent event) {
        inbox.insertIfMissing(event.id(), clock.instant());
    }

    /** The request's own attempt, right after the event was stored (the row is already claimed for it). */
    Outcome deliverNew(ActivityEvent event) {
        return attempt(event, "request");
    }

    /**
     * The sender posted a stored event again: a pending one is tried at once (whatever its backoff says), a done one
     * is not delivered twice — except an unsubscribe, which always ends what is left of the journeys.
     */
    Outcome redeliver(ActivityEvent event) {
        Instant now = clock.instant();
        inbox.insertIfMissing(event.id(), now);
        if (inbox.claim(event.id(), now, now.plus(properties.lock()), false)) {
            return attempt(event, "sender-retry");
        }
        var entry = inbox.find(event.id()).orElseThrow();
        if (!InboxRepository.DONE.equals(entry.status())) {
            return new Outcome(Correlation.PENDING, 0); // an attempt is under way elsewhere
        }
        if (event.type() == EventType.UNSUBSCRIBED) {
            try {
                return new Outcome(Correlation.DONE, transaction.execute(s -> correlation.correlate(event, null)));
            } catch (RuntimeException e) {
                // it reached the journeys once already; their send steps read the unsubscribe from the CRM anyway
                log.warn("Unsubscribe {} not delivered again: {}", event.id(), errorOf(e));
            }
        }
        return new Outcome(Correlation.DONE, 0);
    }

    /** Retries what is due: returns how many events are done after this run. Runs on every node at once, safely. */
    public int retryDue() {
        int done = 0;
        try {
            List<Long> due = inbox.dueIds(clock.instant(), properties.batchSize());
            for (long id : due) {
                Instant now = clock.instant();
                if (!inbox.claim(id, now, now.plus(properties.lock()), true)) {
                    continue; // another worker has it
                }
                ActivityEvent event = activity.find(id).orElseThrow();
                if (attempt(event, "worker").correlation() == Correlation.DONE) {
                    done++;
                }
            }
        } catch (RuntimeException e) {
            // the database out of reach: nothing claimed stays claimed past its lease; the next run tries again
            log.warn("Inbox retry run stopped: {}", errorOf(e));
        }
        return done;
    }

    Optional<InboxRepository.InboxEntry> find(long eventId) {
        return inbox.find(eventId);
    }

    public Summary summary() {
        Instant now = clock.instant();
        Optional<Instant> oldest = inbox.oldestPending();
        return new Summary(inbox.countPending(), inbox.countFailing(), oldest.orElse(null),
                oldest.map(t -> Math.max(0, Duration.between(t, now).toSeconds())).orElse(null));
    }

    private Outcome attempt(ActivityEvent event, String trigger) {
        for (int conflict = 1; ; conflict++) {
            try {
                int journeys = transaction.execute(s -> {
                    int moved = correlation.correlate(event, messageProcessInstance(event));
                    inbox.markDone(event.id(), moved, clock.instant());
                    return moved;
                });
                count(trigger, "done");
                if (!"request".equals(trigger)) {
                    log.info("Event {} ({}) correlated on a retry ({}): {} journeys", event.id(), event.type(), trigger,
                            journeys);
                }
                return new Outcome(Correlation.DONE, journeys);
            } catch (ProcessRuntime.ConcurrentChange e) {
                if (conflict == CONFLICT_ATTEMPTS) {
                    return failed(event, trigger, e);
                }
                log.debug("Correlation conflict for event {}, attempt {}", event.id(), conflict);
            } catch (RuntimeException e) {
                return failed(event, trigger, e);
            }
        }
    }

    private Outcome failed(ActivityEvent event, String trigger, RuntimeException e) {
        count(trigger, "failed");
        String error = errorOf(e);
        if (DatabaseUnreachable.causes(e)) {
            // nothing can be recorded now (and trying would hold the request for the pool's wait again): the row keeps
            // its lease, and a worker takes it once the lease runs out and the database is back
            log.warn("Event {} ({}) not correlated, database out of reach; retried once its lease runs out: {}",
                    event.id(), event.type(), error);
            return new Outcome(Correlation.PENDING, 0);
        }
        try {
            int attempts = inbox.find(event.id()).map(InboxRepository.InboxEntry::attempts).orElse(1);
            Instant next = clock.instant().plus(Backoff.after(attempts, properties.retryBase(), properties.retryMax()));
            inbox.retryLater(event.id(), next, error);
            log.warn("Event {} ({}) not correlated (attempt {}), retrying at {}: {}", event.id(), event.type(),
                    attempts, next, error);
        } catch (RuntimeException unrecorded) {
            log.warn("Event {} ({}) not correlated, retried once its lease runs out: {}", event.id(), event.type(),
                    error);
        }
        return new Outcome(Correlation.PENDING, 0);
    }

    /** An open or a click moves the journey that sent that message. */
    private String messageProcessInstance(ActivityEvent event) {
        if ((event.type() != EventType.EMAIL_OPENED && event.type() != EventType.EMAIL_CLICKED)
                || event.messageId() == null) {
            return null;
        }
        return outbox.find(event.messageId()).map(OutboxMessage::processInstanceId).orElse(null);
    }

    /**
     * rekindle_events_inbox_attempts_total{trigger, outcome}: trigger = request (the first attempt), sender-retry (the
     * same eventId posted again), worker (the inbox's retry) or consent-change (in a caller's transaction); outcome =
     * done or failed (retried later).
     */
    private void count(String trigger, String outcome) {
        meters.counter("rekindle.events.inbox.attempts", "trigger", trigger, "outcome", outcome).increment();
    }

    /** The kind of failure without its message (messages can quote values, that is personal data): classes, SQL state. */
    static String errorOf(Throwable e) {
        Throwable root = e;
        String sqlState = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                sqlState = sql.getSQLState();
            }
        }
        String kind = e == root ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + " < " + root.getClass().getSimpleName();
        kind = sqlState == null ? kind : kind + " (SQL state " + sqlState + ")";
        return kind.length() > 200 ? kind.substring(0, 200) : kind;
    }
}
