package io.rekindle.survey;

import io.rekindle.gdpr.SqlRowsExporter;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The person's answers to the satisfaction survey, free text included. */
@Component
@Order(6)
class SurveyAnswerExporter extends SqlRowsExporter {

    SurveyAnswerExporter(JdbcClient jdbc) {
        super(jdbc, "surveyAnswers", """
                SELECT why_no_purchase, ordering_problem, satisfied_with_last_purchase, free_text, answered_at
                FROM survey_answer WHERE contact_id = ? ORDER BY answered_at, id""");
    }
}
