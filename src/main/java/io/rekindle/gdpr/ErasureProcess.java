package io.rekindle.gdpr;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

import io.rekindle.engine.JourneyStep;
import io.rekindle.engine.ProcessRuntime;

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

    @Bean("openErasureRun")
    JourneyStep openErasureRun(GdprErasure erasure) {
        return JourneyStep.of(step -> {
            Instant cutoff = erasure.cutoff();
            step.set(ErasureVariables.CUTOFF, Date.from(cutoff));
            step.set(ErasureVariables.LAST_CONTACT_ID, 0L);
            step.set(ErasureVariables.ERASED, 0L);
            step.set(ErasureVariables.FAILED, 0L);
            log.info("GDPR erasure run {} started: contacts without own activity since {}",
                    step.processInstanceId(), cutoff);
        });
    }

    @Bean("eraseInactiveContacts")
    JourneyStep eraseInactiveContacts(GdprErasure erasure) {
        return JourneyStep.of(step -> {
            var progress = erasure.eraseSome(step.get(ErasureVariables.CUTOFF).toInstant(),
                    step.get(ErasureVariables.LAST_CONTACT_ID), step.processInstanceId());
            long erased = step.get(ErasureVariables.ERASED) + progress.erased();
            long failed = step.get(ErasureVariables.FAILED) + progress.failed();
            step.set(ErasureVariables.LAST_CONTACT_ID, progress.lastContactId());
            step.set(ErasureVariables.ERASED, erased);
            step.set(ErasureVariables.FAILED, failed);
            step.set(ErasureVariables.ALL_CHECKED, progress.finished());
            if (progress.finished()) {
                log.info("GDPR erasure run {} finished: {} contacts erased, {} failed", step.processInstanceId(),
                        erased, failed);
            }
        });
    }

    @Bean
    ErasureStarter erasureStarter(ProcessRuntime runtime) {
        return () -> runtime.startByMessage(MESSAGE_ERASURE_REQUESTED, null, Map.of());
    }

    /** Starts an erasure run now, as the timer would; returns its process instance id. */
    interface ErasureStarter {
        String start();
    }
}
