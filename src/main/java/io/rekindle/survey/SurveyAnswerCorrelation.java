package io.rekindle.survey;


import org.camunda.bpm.engine.RuntimeService;
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

    private final RuntimeService runtime;

    SurveyAnswerCorrelation(RuntimeService runtime) {
        this.runtime = runtime;
    }

    @EventListener
    void onAnswer(SurveyAnswerStored answer) {
        int moved = runtime.createMessageCorrelation(Journeys.MESSAGE_SURVEY_ANSWERED)
                .processInstanceId(answer.surveyProcessInstanceId())
                .processInstanceBusinessKey(String.valueOf(answer.contactId()))
                .correlateAllWithResult().size();
        if (moved == 0) {
            log.info("Survey {} is no longer waiting for an answer; the answer is kept in the CRM",
                    answer.surveyProcessInstanceId());
        }
    }
}
