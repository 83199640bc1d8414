package io.rekindle.gdpr;

import io.rekindle.engine.ProcessHistory;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The journeys the person is or was in, from the engine's history by business key (= contact id): which journey,
 * when it started and ended, and where it ended.
 */
@Component
@Order(100)
class EngineJourneyExporter implements PersonalDataExporter {

    private final ProcessHistory history;

    EngineJourneyExporter(ProcessHistory history) {
        this.history = history;
    }

    @Override
    public String name() {
        return "journeys";
    }

    @Override
    public Object export(long contactId) {
        return history.journeys(String.valueOf(contactId)).stream()
                .map(j -> new Journey(j.definitionId().split(":")[0], j.processInstanceId(), j.start(), j.end(),
                        j.end() == null, j.endActivityId(), j.deleteReason()))
                .toList();
    }

    /** {@code journey}: the process id (e.g. new-signup-relaunch). */
    record Journey(String journey, String processInstanceId, java.time.Instant startedAt,
            java.time.Instant endedAt, boolean running, String endStep, String cancelReason) {
    }
}
