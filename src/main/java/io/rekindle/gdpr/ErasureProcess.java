package io.rekindle.gdpr;

import java.time.Instant;
import java.util.Date;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine side of the GDPR erasure ({@code bpmn/gdpr-erasure.bpmn}): its delegates, the start on
 * demand, and the transaction of one contact's erasure. Delegates map variables and call
 * {@link GdprErasure}; no business logic here.
 */
@Configuration
class ErasureProcess {

    private static final Logger log = LoggerFactory.getLogger(ErasureProcess.class);

    static final String PROCESS_ID = "gdpr-erasure";
    /** Message start of a run on demand (the timer start has the one none/timer start Camunda 7 allows). */
    static final String MESSAGE_ERASURE_REQUESTED = "GdprErasureRequested";

    static final String VAR_CUTOFF = "inactiveSince";
    static final String VAR_LAST_CONTACT_ID = "lastContactId";
    static final String VAR_ERASED = "contactsErased";
    static final String VAR_FAILED = "contactsFailed";
    static final String VAR_ALL_CHECKED = "allCandidatesChecked";

    @Bean("openErasureRun")
    JavaDelegate openErasureRun(GdprErasure erasure) {
        return execution -> {
            Instant cutoff = erasure.cutoff();
            execution.setVariable(VAR_CUTOFF, Date.from(cutoff));
            execution.setVariable(VAR_LAST_CONTACT_ID, 0L);
            execution.setVariable(VAR_ERASED, 0L);
            execution.setVariable(VAR_FAILED, 0L);
            log.info("GDPR erasure run {} started: contacts without own activity since {}",
                    execution.getProcessInstanceId(), cutoff);
        };
    }

    @Bean("eraseInactiveContacts")
    JavaDelegate eraseInactiveContacts(GdprErasure erasure) {
        return execution -> {
            var progress = erasure.eraseSome(((Date) execution.getVariable(VAR_CUTOFF)).toInstant(),
                    (Long) execution.getVariable(VAR_LAST_CONTACT_ID), execution.getProcessInstanceId());
            long erased = (Long) execution.getVariable(VAR_ERASED) + progress.erased();
            long failed = (Long) execution.getVariable(VAR_FAILED) + progress.failed();
            execution.setVariable(VAR_LAST_CONTACT_ID, progress.lastContactId());
            execution.setVariable(VAR_ERASED, erased);
            execution.setVariable(VAR_FAILED, failed);
            execution.setVariable(VAR_ALL_CHECKED, progress.finished());
            if (progress.finished()) {
                log.info("GDPR erasure run {} finished: {} contacts erased, {} failed", execution.getProcessInstanceId(),
                        erased, failed);
            }
        };
    }

    @Bean
    ErasureStarter erasureStarter(RuntimeService runtime) {
        return () -> runtime.createMessageCorrelation(MESSAGE_ERASURE_REQUESTED).correlateStartMessage().getId();
    }

    /** Starts an erasure run now, as the timer would; returns its process instance id. */
    interface ErasureStarter {
        String start();
    }
}
