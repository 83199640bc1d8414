package io.rekindle.survey;

import io.rekindle.engine.ProcessRuntime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import io.rekindle.journey.Journeys;

/**
 * Moves the survey that sent the link on, in the transaction that stored the answer. A survey no
 * longer waiting (its wait ran out) keeps the stored answer and moves nowhere.
 */
@Component
class SurveyAnswerCorrelation {

    private static final Logger log = LoggerFactory.getLogger(SurveyAnswerCorrelation.class);

    private final ProcessRuntime runtime;

    SurveyAnswerCorrelation(ProcessRuntime runtime) {
        this.runtime = runtime;
    }

    @EventListener
    void onAnswer(SurveyAnswerStored answer) {
        int moved = runtime.correlateAll(Journeys.MESSAGE_SURVEY_ANSWERED,
                String.valueOf(answer.contactId()), answer.surveyProcessInstanceId(), java.util.Map.of());
        if (moved == 0) {
            log.info("Survey {} is no longer waiting for an answer; the answer is kept in the CRM",
                    answer.surveyProcessInstanceId());
        }
    }
}
