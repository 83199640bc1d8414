package io.rekindle.classification;

import static io.rekindle.classification.ClassificationVariables.*;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.rekindle.engine.JourneyStep;
import io.rekindle.engine.ProcessModels;
import io.rekindle.engine.ProcessRuntime;
import io.rekindle.engine.Step;
import io.rekindle.engine.StepError;
import io.rekindle.system.NotFoundException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine side of the daily classification ({@code bpmn/daily-classification.bpmn}): the
 * delegates of its steps, the start on demand and the publication of segment entries as messages.
 * Each delegate maps variables and calls {@link ClassificationRuns}; no business logic here.
 */
@Configuration
class ClassificationProcess {

    static final String PROCESS_ID = "daily-classification";
    /** Message: a contact entered INACTIVE or NEW_INACTIVE; business key = contact id. */
    static final String MESSAGE_ENTERED_SEGMENT = "ContactEnteredSegment";
    /** Message start of a run on demand (Camunda 7 allows one none/timer start per process, the timer has it). */
    /**
     * Extension property of a journey's start event on {@link #MESSAGE_ENTERED_SEGMENT}: the segments it wants,
     * comma-separated (the win-back: {@code INACTIVE}). Entries of other segments are not published to it.
     */
    static final String SEGMENTS_PROPERTY = "segments";
    static final String MESSAGE_RUN_REQUESTED = "ClassificationRunRequested";
    static final String ERROR_RUN_IN_PROGRESS = "RUN_IN_PROGRESS";

    @Bean("openClassificationRun")
    JourneyStep openClassificationRun(ClassificationRuns runs, ProcessRuntime runtime) {
        return JourneyStep.of(step -> {
            try {
                ClassificationRun run = runs.open(step.processInstanceId(), runtime::isRunning);
                step.set(RUN_ID, run.id());
                step.set(DECISION_VERSION, run.decisionVersion());
                step.set(CONTACTS_TOTAL, run.contactsTotal());
                step.set(CONTACTS_DONE, 0L);
            } catch (RunInProgressException e) {
                throw new StepError(ERROR_RUN_IN_PROGRESS, e.getMessage());
            }
        });
    }

    @Bean("classifyContacts")
    JourneyStep classifyContacts(ClassificationRuns runs) {
        return JourneyStep.of(step -> {
            var progress = runs.classifySome(runId(step));
            ClassificationRun run = progress.run();
            step.set(CONTACTS_DONE, run.contactsDone());
            step.set(CONTACTS_CHANGED, run.contactsChanged());
            step.set(PROGRESS_PERCENT,
                    run.contactsTotal() == 0 ? 100L : Math.min(100L, run.contactsDone() * 100 / run.contactsTotal()));
            step.set(CONTACTS_PER_SECOND, progress.contactsPerSecond());
            step.set(ALL_CLASSIFIED, runs.allClassified(run));
        });
    }

    @Bean("publishSegmentEntries")
    JourneyStep publishSegmentEntries(ClassificationRuns runs, ProcessRuntime runtime, ProcessModels models) {
        var publisher = new ClassificationRuns.SegmentEntryPublisher() {
            @Override
            public Optional<Set<String>> segmentsListenedTo() {
                // asked of the engine at each job: a journey deployed from the Modeler counts from its next batch
                List<String> declared = models.messageStartProperty(MESSAGE_ENTERED_SEGMENT, SEGMENTS_PROPERTY);
                if (declared.contains(null) || runtime.anyoneWaitsForInstance(MESSAGE_ENTERED_SEGMENT)) {
                    return Optional.empty(); // a listener that names no segment hears them all
                }
                return Optional.of(declared.stream().flatMap(segments -> Arrays.stream(segments.split(",")))
                        .map(String::strip).filter(segment -> !segment.isEmpty()).collect(Collectors.toSet()));
            }

            @Override
            public int publish(long contactId, String segment) {
                Map<String, Object> variables = new LinkedHashMap<>();
                variables.put(CONTACT_ID.name(), contactId);
                variables.put(SEGMENT.name(), segment);
                return runtime.correlateAllInOwnCommand(MESSAGE_ENTERED_SEGMENT, String.valueOf(contactId),
                        variables);
            }
        };
        return JourneyStep.of(step -> step.set(ALL_PUBLISHED, runs.publishSome(runId(step), publisher)));
    }

    @Bean("finishClassificationRun")
    JourneyStep finishClassificationRun(ClassificationRuns runs) {
        return JourneyStep.of(step -> {
            ClassificationRun run = runs.finish(runId(step));
            step.set(DURATION_MS, run.durationMs());
            step.set(SEGMENT_COUNTS, run.segmentCounts());
            step.set(ENTRIES_PUBLISHED, run.entriesPublished());
        });
    }

    /**
     * "Classify contact", a building block for journeys: the contact as the CRM holds it now, through the latest
     * deployed classification decision; sets {@code segment}, {@code inactivityType}, {@code reactivationPriority}.
     */
    @Bean("classifyContact")
    JourneyStep classifyContact(ClassificationRepository repository, DeployedDecisions decisions,
            java.time.Clock clock) {
        return JourneyStep.of(step -> {
            long contactId = step.get(CONTACT_ID);
            java.time.Instant now = clock.instant();
            ContactSnapshot contact = repository.snapshot(contactId, now)
                    .orElseThrow(() -> new NotFoundException("No contact " + contactId + "."));
            ClassificationResult result = decisions.evaluator(decisions.latest().definitionId())
                    .evaluate(contact.input(now));
            step.set(SEGMENT, result.segment());
            step.set(INACTIVITY_TYPE, result.inactivityType());
            step.set(REACTIVATION_PRIORITY, result.priority());
        });
    }

    @Bean
    ClassificationStarter classificationStarter(ProcessRuntime runtime) {
        return () -> {
            Object runId = runtime.correlateReturningVariables(MESSAGE_RUN_REQUESTED).get(RUN_ID.name());
            if (runId == null) {
                throw new RunInProgressException(0);
            }
            return (Long) runId;
        };
    }

    private static long runId(Step step) {
        Long id = step.get(RUN_ID);
        if (id == null) {
            throw new NotFoundException("No classification run on this process instance");
        }
        return id;
    }

    /** Starts a run now, as the timer would; returns its id. */
    interface ClassificationStarter {
        long start();
    }

}
