package io.rekindle.survey;

import io.rekindle.gdpr.PersonalDataExporter;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The person's answers to the satisfaction survey, free text included. */
@Component
@Order(6)
class SurveyAnswerExporter implements PersonalDataExporter {

    private final JdbcClient jdbc;

    SurveyAnswerExporter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "surveyAnswers";
    }

    @Override
    public Object export(long contactId) {
        return PersonalDataExporter.readable(jdbc.sql("""
                SELECT why_no_purchase, ordering_problem, satisfied_with_last_purchase, free_text, answered_at
                FROM survey_answer WHERE contact_id = ? ORDER BY answered_at, id""")
                .param(contactId).query().listOfRows());
    }
}
