package io.rekindle.survey;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Function;

import io.rekindle.engine.ExpressionBean;

import org.springframework.stereotype.Component;

/**
 * The CRM's survey answer, read where the diagram needs it — the follow-up decision's inputs and the
 * customer-service task form — so the answers never become process variables. Called from
 * expressions with a process instance id, e.g. {@code ${surveyAnswers.whyNoPurchase(execution.processInstanceId)}}.
 */
@Component("surveyAnswers")
@ExpressionBean
public class SurveyAnswers {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.of("Europe/Paris"));

    private final SurveyService surveys;

    SurveyAnswers(SurveyService surveys) {
        this.surveys = surveys;
    }

    public boolean answered(String surveyProcessInstanceId) {
        return surveys.answerOf(surveyProcessInstanceId).isPresent();
    }

    public String whyNoPurchase(String surveyProcessInstanceId) {
        return read(surveyProcessInstanceId, a -> a.whyNoPurchase().name());
    }

    public String orderingProblem(String surveyProcessInstanceId) {
        return read(surveyProcessInstanceId, a -> a.orderingProblem().name());
    }

    public String satisfiedWithLastPurchase(String surveyProcessInstanceId) {
        return read(surveyProcessInstanceId, a -> a.satisfiedWithLastPurchase().name());
    }

    public String freeText(String surveyProcessInstanceId) {
        return Optional.ofNullable(read(surveyProcessInstanceId, SurveyAnswer::freeText)).orElse("");
    }

    public String answeredAt(String surveyProcessInstanceId) {
        return read(surveyProcessInstanceId, a -> SHOWN.format(a.answeredAt()));
    }

    private String read(String surveyProcessInstanceId, Function<SurveyAnswer, String> field) {
        return surveys.answerOf(surveyProcessInstanceId).map(field).orElse(null);
    }
}
