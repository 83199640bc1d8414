package io.rekindle.classification;


import io.rekindle.system.NotFoundException;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
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
    static final String MESSAGE_RUN_REQUESTED = "ClassificationRunRequested";
    static final String ERROR_RUN_IN_PROGRESS = "RUN_IN_PROGRESS";

    static final String VAR_RUN_ID = "classificationRunId";

    @Bean("openClassificationRun")
    JavaDelegate openClassificationRun(ClassificationRuns runs, RuntimeService runtime) {
        return execution -> {
            try {
                ClassificationRun run = runs.open(execution.getProcessInstanceId(),
                        id -> runtime.createProcessInstanceQuery().processInstanceId(id).count() > 0);
                execution.setVariable(VAR_RUN_ID, run.id());
                execution.setVariable("decisionVersion", run.decisionVersion());
                execution.setVariable("contactsTotal", run.contactsTotal());
                execution.setVariable("contactsDone", 0L);
            } catch (RunInProgressException e) {
                throw new BpmnError(ERROR_RUN_IN_PROGRESS, e.getMessage());
            }
        };
    }

    @Bean("classifyContacts")
    JavaDelegate classifyContacts(ClassificationRuns runs) {
        return execution -> {
            var progress = runs.classifySome(runId(execution));
            ClassificationRun run = progress.run();
            execution.setVariable("contactsDone", run.contactsDone());
            execution.setVariable("contactsChanged", run.contactsChanged());
            execution.setVariable("progressPercent",
                    run.contactsTotal() == 0 ? 100L : Math.min(100L, run.contactsDone() * 100 / run.contactsTotal()));
            execution.setVariable("contactsPerSecond", progress.contactsPerSecond());
            execution.setVariable("allClassified", runs.allClassified(run));
        };
    }

    @Bean("publishSegmentEntries")
    JavaDelegate publishSegmentEntries(ClassificationRuns runs, RuntimeService runtime, RepositoryService repository) {
        var publisher = new ClassificationRuns.SegmentEntryPublisher() {
            @Override
            public boolean anyoneListening() {
                return repository.createProcessDefinitionQuery().messageEventSubscriptionName(MESSAGE_ENTERED_SEGMENT)
                        .count() > 0 || runtime.createEventSubscriptionQuery().eventType("message")
                        .eventName(MESSAGE_ENTERED_SEGMENT).count() > 0;
            }

            @Override
            public int publish(long contactId, String segment) {
                return runtime.createMessageCorrelation(MESSAGE_ENTERED_SEGMENT)
                        .processInstanceBusinessKey(String.valueOf(contactId))
                        .setVariable("contactId", contactId)
                        .setVariable("segment", segment)
                        .correlateAllWithResult().size();
            }
        };
        return execution -> execution.setVariable("allPublished", runs.publishSome(runId(execution), publisher));
    }

    @Bean("finishClassificationRun")
    JavaDelegate finishClassificationRun(ClassificationRuns runs) {
        return execution -> {
            ClassificationRun run = runs.finish(runId(execution));
            execution.setVariable("durationMs", run.durationMs());
            execution.setVariable("segmentCounts", run.segmentCounts());
            execution.setVariable("entriesPublished", run.entriesPublished());
        };
    }

    /**
     * "Classify contact", a building block for journeys: the contact as the CRM holds it now, through the latest
     * deployed classification decision; sets {@code segment}, {@code inactivityType}, {@code reactivationPriority}.
     */
    @Bean("classifyContact")
    JavaDelegate classifyContact(ClassificationRepository repository, DeployedDecisions decisions,
            java.time.Clock clock) {
        return execution -> {
            long contactId = (Long) execution.getVariable("contactId");
            ContactSnapshot contact = repository.snapshot(contactId)
                    .orElseThrow(() -> new NotFoundException("No contact " + contactId + "."));
            ClassificationResult result = decisions.evaluator(decisions.latest().definitionId())
                    .evaluate(contact.input(clock.instant()));
            execution.setVariable("segment", result.segment());
            execution.setVariable("inactivityType", result.inactivityType());
            execution.setVariable("reactivationPriority", result.priority());
        };
    }

    @Bean
    ClassificationStarter classificationStarter(RuntimeService runtime) {
        return () -> {
            var started = runtime.createMessageCorrelation(MESSAGE_RUN_REQUESTED)
                    .correlateWithResultAndVariables(true);
            Object runId = started.getVariables().get(VAR_RUN_ID);
            if (runId == null) {
                throw new RunInProgressException(0);
            }
            return (Long) runId;
        };
    }

    private static long runId(DelegateExecution execution) {
        Object id = execution.getVariable(VAR_RUN_ID);
        if (id == null) {
            throw new NotFoundException("No classification run on this process instance");
        }
        return (Long) id;
    }

    /** Starts a run now, as the timer would; returns its id. */
    interface ClassificationStarter {
        long start();
    }

}
