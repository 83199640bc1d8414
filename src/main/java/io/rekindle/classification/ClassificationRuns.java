package io.rekindle.classification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the classification over the whole base in bounded memory: keyset-paged chunks, each written
 * (changed contacts, history rows, segment entries) together with the run's checkpoint in its own
 * transaction. A crash loses at most the chunk in flight; the run resumes after the last checkpoint,
 * and the (run, contact) unique keys make a replayed chunk unable to write a second history row.
 */
@Service
public class ClassificationRuns {

    private static final Logger log = LoggerFactory.getLogger(ClassificationRuns.class);

    private final ClassificationRepository repository;
    private final DeployedDecisions decisions;
    private final ClassificationProperties properties;
    private final TransactionTemplate chunkTransaction;
    private final Clock clock;
    private final MeterRegistry meters;

    ClassificationRuns(ClassificationRepository repository, DeployedDecisions decisions,
            ClassificationProperties properties, PlatformTransactionManager transactions, Clock clock,
            MeterRegistry meters) {
        this.meters = meters;
        this.repository = repository;
        this.decisions = decisions;
        this.properties = properties;
        this.chunkTransaction = new TransactionTemplate(transactions);
        this.chunkTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * Opens a run with the latest deployed decision version; refuses while another run is going. A run whose
     * process instance is gone (cancelled in Cockpit, say) is marked FAILED instead of blocking every later run.
     */
    public ClassificationRun open(String processInstanceId, Predicate<String> processStillRunning) {
        repository.running().ifPresent(r -> {
            // the grace minute covers a run opened an instant ago whose process is not committed yet
            boolean settled = r.startedAt().isBefore(clock.instant().minus(Duration.ofMinutes(1)));
            if (settled && r.processInstanceId() != null && !processStillRunning.test(r.processInstanceId())) {
                // committed on its own: the new run's insert below needs the freed lock committed
                chunkTransaction.executeWithoutResult(s -> repository.abandon(r.id(), clock.instant()));
                log.warn("Classification run {} had lost its process instance; marked FAILED", r.id());
            } else {
                throw new RunInProgressException(r.id());
            }
        });
        var version = decisions.latest();
        long id;
        try {
            // committed at once, with its process instance id: if the engine's transaction rolls back, the next
            // run sees that instance missing and takes over
            id = chunkTransaction.execute(s -> repository.openRun(clock.instant(), processInstanceId,
                    version.definitionId(), version.version(), repository.countContacts()));
        } catch (DuplicateKeyException anotherRunStartedMeanwhile) {
            throw new RunInProgressException(repository.running().map(ClassificationRun::id).orElse(0L));
        }
        ClassificationRun run = repository.run(id).orElseThrow();
        log.info("Classification run {} started: {} contacts, decision version {}", id, run.contactsTotal(),
                run.decisionVersion());
        return run;
    }

    /** A run after one job's work, with that job's throughput. */
    public record Progress(ClassificationRun run, long contactsPerSecond) {
    }

    /** Classifies chunks until the base is done or the time budget is spent. */
    public Progress classifySome(long runId) {
        ClassificationRun run = repository.run(runId).orElseThrow();
        ClassificationEvaluator evaluator = decisions.evaluator(run.decisionDefinitionId());
        long started = System.nanoTime();
        long doneBefore = run.contactsDone();
        Instant deadline = Instant.now().plus(properties.jobBudget());
        boolean more;
        do { // at least one chunk per job, whatever the budget, so a run always moves on
            ClassificationRun current = run;
            more = Boolean.TRUE.equals(chunkTransaction.execute(s -> classifyChunk(current, evaluator)));
            run = repository.run(runId).orElseThrow();
        } while (more && Instant.now().isBefore(deadline));
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        long rate = Math.round((run.contactsDone() - doneBefore) / seconds);
        log.info("Classification run {}: {}/{} contacts ({} %), {} contacts/s, {} changed so far", runId,
                run.contactsDone(), run.contactsTotal(), percent(run.contactsDone(), run.contactsTotal()), rate,
                run.contactsChanged());
        return new Progress(run, rate);
    }

    /** True when there may be more contacts after this chunk. */
    private boolean classifyChunk(ClassificationRun run, ClassificationEvaluator evaluator) {
        List<ContactSnapshot> chunk = repository.chunk(run.lastContactId(), properties.chunkSize(), run.referenceTime());
        if (chunk.isEmpty()) {
            return false;
        }
        List<ClassificationRepository.Change> changes = new ArrayList<>();
        for (ContactSnapshot contact : chunk) {
            ClassificationResult result = evaluator.evaluate(contact.input(run.referenceTime()));
            if (!contact.sameOutcome(result)) {
                changes.add(new ClassificationRepository.Change(contact, result));
            }
        }
        repository.saveChanges(changes, run, clock.instant());
        repository.checkpoint(run.id(), chunk.get(chunk.size() - 1).id(), chunk.size(), changes.size());
        return chunk.size() == properties.chunkSize();
    }

    public boolean allClassified(ClassificationRun run) {
        return repository.chunk(run.lastContactId(), 1, run.referenceTime()).isEmpty();
    }

    /**
     * Publishes the run's "entered segment" events through {@code publisher}, for up to the job budget; true when
     * all are out. Entries of segments no journey listens to are recorded as published to nobody, without starting
     * anything. Each start is its own transaction (the journey's first steps and the entry's mark commit together),
     * so a contact whose journey cannot start is recorded as one failed entry while the others go on; the checkpoint
     * commits after each batch, and a job that dies resumes after it without starting anyone twice.
     */
    public boolean publishSome(long runId, SegmentEntryPublisher publisher) {
        ClassificationRun run = repository.run(runId).orElseThrow();
        Optional<Set<String>> listened = publisher.segmentsListenedTo();
        if (listened.isPresent()) {
            int unheard = chunkTransaction.execute(s -> repository.markUnlistenedPublished(runId, listened.get(),
                    clock.instant()));
            if (unheard > 0) {
                chunkTransaction.executeWithoutResult(s -> repository.entriesCheckpoint(runId, run.lastEntryId(),
                        unheard));
                log.info("Classification run {}: {} segment entries stored; no journey listens to their segment",
                        runId, unheard);
            }
            if (listened.get().isEmpty()) {
                return true;
            }
        }
        Instant deadline = Instant.now().plus(properties.jobBudget());
        long after = run.lastEntryId();
        do { // at least one batch per job, whatever the budget
            var entries = repository.unpublishedEntries(runId, after, properties.publishBatchSize());
            if (entries.isEmpty()) {
                return true;
            }
            int published = 0;
            int failed = 0;
            for (var entry : entries) {
                if (publishOne(runId, entry, publisher)) {
                    published++;
                } else {
                    failed++;
                }
                after = entry.id();
            }
            long last = after;
            int done = published;
            int failures = failed;
            chunkTransaction.executeWithoutResult(s -> {
                repository.entriesCheckpoint(runId, last, done);
                repository.entriesFailed(runId, failures);
            });
        } while (Instant.now().isBefore(deadline));
        return repository.unpublishedEntries(runId, after, 1).isEmpty();
    }

    /** One start in a transaction of its own; false when it failed (recorded on the entry). */
    private boolean publishOne(long runId, ClassificationRepository.Entry entry, SegmentEntryPublisher publisher) {
        try {
            chunkTransaction.executeWithoutResult(s -> repository.markPublished(entry.id(), clock.instant(),
                    publisher.publish(entry.contactId(), entry.segment())));
            return true;
        } catch (RuntimeException e) {
            // the message may quote stored values (personal data): its type only, in the log and on the entry
            String failure = e.getClass().getSimpleName();
            chunkTransaction.executeWithoutResult(s -> repository.markFailed(entry.id(), clock.instant(), failure));
            meters.counter("rekindle.classification.entries.failed").increment();
            log.warn("Classification run {}: the journey of contact {} (entry {}) could not start: {}; the others go on",
                    runId, entry.contactId(), entry.id(), failure);
            return false;
        }
    }

    public ClassificationRun finish(long runId) {
        ClassificationRun run = repository.run(runId).orElseThrow();
        Map<String, Long> counts = repository.segmentCounts();
        long duration = Duration.between(run.startedAt(), clock.instant()).toMillis();
        String json = counts.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
        repository.finish(runId, clock.instant(), json, duration);
        meters.timer("rekindle.classification.run").record(Duration.ofMillis(duration));
        meters.counter("rekindle.classification.contacts.changed").increment(run.contactsChanged());
        log.info("Classification run {} finished in {} ms: {} contacts, {} changed, segments {}", runId, duration,
                run.contactsDone(), run.contactsChanged(), json);
        return repository.run(runId).orElseThrow();
    }

    public Optional<ClassificationRun> run(long id) {
        return repository.run(id);
    }

    public List<ClassificationRun> recent(int limit) {
        return repository.recentRuns(limit);
    }

    public Map<String, Long> segmentCounts() {
        return repository.segmentCounts();
    }

    private static long percent(long done, long total) {
        return total == 0 ? 100 : done * 100 / total;
    }

    /** Hands "entered segment" events to whatever journeys listen (engine-facing). */
    public interface SegmentEntryPublisher {

        /**
         * The segments the journeys deployed now listen to; empty: every segment (a listener that names none).
         * An empty set: nobody listens.
         */
        Optional<Set<String>> segmentsListenedTo();

        int publish(long contactId, String segment);
    }
}
