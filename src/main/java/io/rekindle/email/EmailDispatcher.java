package io.rekindle.email;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;

import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import io.rekindle.outbox.Backoff;
import io.rekindle.outbox.DeliveryGate;
import io.rekindle.outbox.OutboxMessage;
import io.rekindle.outbox.OutboxRepository;
import io.rekindle.outbox.OutboxService;
import io.rekindle.system.PublicLinks;
import io.rekindle.tracking.Tracking;
import io.rekindle.unsubscribe.UnsubscribeLinks;

/**
 * Delivers due outbox rows over SMTP: a batch is shared by {@code rekindle.mail.senders} senders, each over its own
 * connection per sending stream ({@link SmtpConnection}, {@link StreamIdentities}), each with its own share: a
 * contact's rows all go to one sender, one after the
 * other, so the marketing pressure read before each sees the one sent before it. Each row is claimed by a conditional
 * update first, so two dispatchers (threads or nodes) never send the same row at once, and recorded
 * before its sender takes the next: a node that dies mid-batch leaves at most one message per sender sent and not
 * recorded. An outage only delays: the row goes back to PENDING with an exponential, capped backoff.
 * <p>
 * Delivery is at least once: a node that dies after the SMTP server accepted a message but before
 * marking it SENT lets it go again when its lock runs out, and so does a server that stored a message but
 * stopped before acknowledging it. The Message-ID is the row's own random id under its stream's domain, the same on
 * every attempt, so receiving systems can recognise that copy.
 */
@Component
@ConditionalOnProperty(name = "rekindle.mail.enabled", havingValue = "true")
public class EmailDispatcher {

    private static final Logger log = LoggerFactory.getLogger(EmailDispatcher.class);

    private final OutboxRepository outbox;
    private final StreamIdentities streams;
    private final PublicLinks links;
    private final MailProperties properties;
    private final Clock clock;
    private final DeliveryGate gate;
    private final MeterRegistry meters;
    private final UnsubscribeLinks unsubscribe;
    private final Tracking tracking;
    private volatile boolean stopping;
    /** Several senders: their threads, fixed in number. A single sender runs on the calling thread (the scheduler's). */
    private final ExecutorService senders;

    EmailDispatcher(OutboxRepository outbox, DeliveryGate gate, StreamIdentities streams, PublicLinks links,
            MailProperties properties, Clock clock, MeterRegistry meters, UnsubscribeLinks unsubscribe,
            Tracking tracking) {
        this.streams = streams;
        this.links = links;
        this.unsubscribe = unsubscribe;
        this.tracking = tracking;
        this.outbox = outbox;
        this.gate = gate;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.senders = properties.senders() == 1 ? null : Executors.newFixedThreadPool(properties.senders(),
                new CustomizableThreadFactory("email-sender-"));
    }

    /** rekindle_messages_total{channel, outcome}: sent, retry (delivery failed, tried again later), failed. */
    private void count(String outcome) {
        meters.counter("rekindle.messages", "channel", OutboxService.EMAIL, "outcome", outcome).increment();
    }

    /** Sends one batch of what is due now, over one SMTP connection; returns how many messages the server accepted. */
    public int dispatchDue() {
        return dispatchBatch().sent();
    }

    /**
     * Sends batch after batch while there is work: the next batch goes at once after a full one that delivered
     * something, and the run stops at a short batch (the backlog is drained), one that delivered nothing (the server
     * is down: the rows wait for their retry), when the application stops, or after {@code drain-budget} (the
     * scheduler's thread is shared with the other schedules). Returns how many messages the server accepted.
     */
    public int drainDue() {
        long deadline = System.nanoTime() + properties.drainBudget().toNanos();
        int sent = 0;
        Batch batch;
        do {
            batch = dispatchBatch();
            sent += batch.sent();
        } while (batch.due() >= properties.batchSize() && batch.sent() > 0 && !stopping
                && !Thread.currentThread().isInterrupted() && System.nanoTime() < deadline);
        return sent;
    }

    /** Rows that were due, messages the server accepted. */
    private record Batch(int due, int sent) {
    }

    /**
     * Each sender takes no other row; the rows not claimed yet wait for the next node or start, untouched. Several
     * senders finish the row they have (sent and recorded, the database still there: the context closes after this).
     */
    @EventListener(ContextClosedEvent.class)
    void stopping() throws InterruptedException {
        stopping = true;
        if (senders != null) {
            senders.shutdown();
            // one SMTP exchange at most per sender: 5 s to connect, 10 s per read or write (spring.mail.properties)
            if (!senders.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("Email senders still busy 30 s after the stop was asked");
            }
        }
    }

    private Batch dispatchBatch() {
        List<OutboxRepository.Due> due = outbox.due(OutboxService.EMAIL, clock.instant(), properties.batchSize());
        AtomicInteger sent = new AtomicInteger();
        if (senders == null) {
            send(due.stream().map(OutboxRepository.Due::id).toList(), sent);
            return new Batch(due.size(), sent.get());
        }
        List<List<Long>> shares = new ArrayList<>();
        for (int i = 0; i < properties.senders(); i++) {
            shares.add(new ArrayList<>());
        }
        due.forEach(row -> shares.get(Math.floorMod(row.contactId(), properties.senders())).add(row.id()));
        List<Future<?>> running = new ArrayList<>();
        try {
            for (List<Long> share : shares) {
                if (!share.isEmpty()) { // an empty share opens no connection
                    running.add(senders.submit(() -> send(share, sent)));
                }
            }
        } catch (RejectedExecutionException e) {
            // stopping: the rows not taken yet stay untouched
        }
        for (Future<?> sender : running) {
            try {
                sender.get();
            } catch (InterruptedException e) {
                // the scheduler stops: the senders finish their row on their own (stopping())
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                log.error("An email sender failed; its row waits for its lock to run out", e.getCause());
            }
        }
        return new Batch(due.size(), sent.get());
    }

    /**
     * One sender: its share of the batch, row after row, each over the connection of its row's sending stream (opened
     * at the stream's first message; streams sharing today's relay share one connection).
     */
    private void send(List<Long> rows, AtomicInteger sent) {
        int accepted = 0;
        Map<JavaMailSenderImpl, SmtpConnection> connections = new IdentityHashMap<>(2);
        try {
            for (long id : rows) {
                if (stopping) {
                    break; // the rows not claimed yet wait for the next node or start, untouched
                }
                if (dispatch(id, connections)) {
                    accepted++;
                    sent.incrementAndGet();
                }
            }
        } finally {
            for (SmtpConnection smtp : connections.values()) {
                try {
                    smtp.close();
                } catch (MessagingException e) {
                    // every message of the connection was answered and recorded already: only its QUIT went unanswered
                    log.warn("Closing an SMTP connection failed after {} message(s) accepted: {}", accepted,
                            e.getMessage());
                }
            }
        }
    }

    /** Claims the row and sends it; records the outcome before the next row. True when the server accepted it. */
    private boolean dispatch(long id, Map<JavaMailSenderImpl, SmtpConnection> connections) {
        // the clock again for each row: with a slow server, a lock counted from the start of the run would
        // already have run out when a late row is claimed, and another node could send that row again
        var admitted = gate.admit(id, OutboxService.EMAIL, clock.instant(), properties.lock());
        if (admitted.isEmpty()) {
            return false;
        }
        OutboxMessage message = admitted.get().message();
        // the stream came with the claimed row: no statement of its own
        StreamIdentities.Identity stream = streams.of(message.stream());
        try {
            connections.computeIfAbsent(stream.relay(), SmtpConnection::new)
                    .send(mime(message, outbox.messageUuid(admitted.get()), stream));
            outbox.markSent(id, clock.instant());
            count("sent");
            log.info("Message {} ({}) sent to contact {}", id, message.template(), message.contactId());
            return true;
        } catch (MailParseException | MailPreparationException e) {
            fail(message, e);
        } catch (MailException e) {
            if (permanent(e)) {
                fail(message, e);
            } else {
                Instant next = clock.instant().plus(backoff(message.attempts()));
                outbox.retryLater(id, next, e.getMessage());
                count("retry");
                log.warn("Message {} not delivered (attempt {}), retrying at {}: {}", id, message.attempts(),
                        next, e.getClass().getSimpleName());
            }
        }
        return false;
    }

    public long backlog() {
        return outbox.countPending(OutboxService.EMAIL);
    }

    private void fail(OutboxMessage message, Exception e) {
        outbox.markFailed(message.id(), e.getMessage());
        count("failed");
        log.error("Message {} refused for good: {}", message.id(), e.getClass().getSimpleName());
    }

    /** The server refused the recipient itself (5xx on RCPT): trying again would not help. */
    private static boolean permanent(MailException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SendFailedException sfe && sfe.getInvalidAddresses() != null
                    && sfe.getInvalidAddresses().length > 0) {
                return true;
            }
        }
        return false;
    }

    Duration backoff(int attempts) {
        return Backoff.after(attempts, properties.retryBase(), properties.retryMax());
    }

    /** The message as it leaves under its stream's identity: sender, Reply-To, links and Message-ID domain. */
    private MimeMessage mime(OutboxMessage message, String uuid, StreamIdentities.Identity stream) {
        try {
            MimeMessage mime = stream.relay().createMimeMessage();
            mime.setSentDate(Date.from(clock.instant()));
            var helper = new MimeMessageHelper(mime, true, StandardCharsets.UTF_8.name());
            helper.setFrom(stream.from());
            if (stream.replyTo() != null) {
                helper.setReplyTo(stream.replyTo());
            }
            helper.setTo(message.recipient());
            helper.setSubject(message.subject());
            // the footer's unsubscribe link names this message, like the header's: KPIs count the unsubscribe for it
            String base = stream.publicUrl();
            String unsubscribeUrl = unsubscribe.urlFor(message.contactId(), message.id(), base);
            // the links rendered when the row was written (survey, unsubscribe) move under the stream's own domain
            helper.setText(unsubscribe.inMessage(message.contactId(), unsubscribeUrl,
                            links.rebase(message.bodyText(), base)),
                    tracking.instrument(message.id(), unsubscribe.inMessage(message.contactId(), unsubscribeUrl,
                            links.rebase(message.bodyHtml(), base)), base));
            mime.saveChanges();
            // globally unique (a random id per row, not the row number another database repeats), under the stream's
            // domain, and the same on every attempt (the row's stream is fixed when it is written): a receiver can
            // recognise a copy sent again
            mime.setHeader("Message-ID", "<" + uuid + "@" + stream.messageIdDomain() + ">");
            mime.setHeader("X-Rekindle-Message-Id", String.valueOf(message.id()));
            // RFC 8058: mail clients offer "unsubscribe" and POST to the link, no login, no cookie
            mime.setHeader("List-Unsubscribe", "<" + unsubscribeUrl + ">");
            mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            return mime;
        } catch (MessagingException e) {
            throw new MailPreparationException(e);
        }
    }
}
