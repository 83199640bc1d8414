package io.rekindle.gdpr;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.StringJoiner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases the personal data of contacts without activity of their own for the inactivity period
 * ({@code rekindle.gdpr.inactivity-period}, 36 months by default; opens do not count). Candidates are
 * read in keyset chunks; each contact is erased in a transaction of its own by every
 * {@link PersonalDataEraser}, and recorded in {@code erasure_log}. A contact whose erasure fails is left
 * untouched and tried again by the next run.
 */
@Service
public class GdprErasure {

    private static final Logger log = LoggerFactory.getLogger(GdprErasure.class);

    private final ErasureRepository repository;
    private final List<PersonalDataEraser> erasers;
    private final GdprProperties properties;
    private final Clock clock;

    private final TransactionTemplate contactTransaction;

    GdprErasure(ErasureRepository repository, List<PersonalDataEraser> erasers, GdprProperties properties,
            PlatformTransactionManager transactions, Clock clock) {
        this.repository = repository;
        this.contactTransaction = new TransactionTemplate(transactions);
        this.contactTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.erasers = erasers;
        this.properties = properties;
        this.clock = clock;
    }

    /** Contacts whose last own activity (or sign-up) is before this instant are erased. */
    public Instant cutoff() {
        return clock.instant().atZone(ZoneOffset.UTC).minus(properties.inactivityPeriod()).toInstant();
    }

    public String reason() {
        return "NO_OWN_ACTIVITY_" + properties.inactivityPeriod();
    }

    /** What one engine job got through. {@code lastContactId} is the run's checkpoint. */
    public record Progress(long lastContactId, int erased, int failed, boolean finished) {
    }

    /** Erases candidates after {@code afterId} until there are none left or the job budget is spent. */
    public Progress eraseSome(Instant cutoff, long afterId, String runId) {
        Instant deadline = Instant.now().plus(properties.jobBudget());
        long after = afterId;
        int erased = 0;
        int failed = 0;
        boolean more;
        do { // at least one chunk per job, whatever the budget
            List<Long> chunk = repository.candidates(after, cutoff, properties.chunkSize());
            for (long contactId : chunk) {
                try {
                    if (Boolean.TRUE.equals(contactTransaction.execute(s -> eraseOne(contactId, cutoff, runId)))) {
                        erased++;
                    }
                } catch (RuntimeException e) {
                    failed++;
                    // the exception's message may quote stored values: its type only
                    log.warn("Contact {} could not be erased and was left untouched; the next run tries again: {}",
                            contactId, e.getClass().getSimpleName());
                }
                after = contactId;
            }
            more = chunk.size() == properties.chunkSize();
        } while (more && Instant.now().isBefore(deadline));
        return new Progress(after, erased, failed, !more);
    }

    /** Erases one contact; false when it is no candidate any more (came back, or already erased). */
    boolean eraseOne(long contactId, Instant cutoff, String runId) {
        Instant now = clock.instant();
        if (!repository.claim(contactId, cutoff, now)) {
            return false;
        }
        eraseClaimed(contactId, now, reason(), runId);
        return true;
    }

    /** The reason an erasure the person asked for has in the erasure log. */
    public static final String ON_REQUEST = "REQUEST";

    /**
     * Erases the contact now, because the person asked for it (right to erasure): the same erasers as the retention
     * run, in a transaction of its own, logged with reason {@link #ON_REQUEST}. Returns false when there is no such
     * contact (or it was erased already).
     */
    public boolean eraseOnRequest(long contactId) {
        return Boolean.TRUE.equals(contactTransaction.execute(s -> {
            Instant now = clock.instant();
            if (!repository.claim(contactId, now)) {
                return false;
            }
            eraseClaimed(contactId, now, ON_REQUEST, null);
            return true;
        }));
    }

    /** Every eraser, then the log line: in the caller's transaction, which has claimed the contact. */
    private void eraseClaimed(long contactId, Instant now, String reason, String runId) {
        var summary = new StringJoiner(" ");
        for (PersonalDataEraser eraser : erasers) {
            summary.add(eraser.name() + ":" + eraser.erase(contactId));
        }
        repository.log(contactId, now, reason, runId, summary.toString());
        log.info("Contact {} erased ({}): {}", contactId, reason, summary);
    }

    public List<Erasure> recent(int limit) {
        return repository.recent(limit);
    }
}
