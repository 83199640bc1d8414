package io.rekindle.survey;

import io.rekindle.gdpr.PersonalDataEraser;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** GDPR erasure of survey answers: the free text may say anything about the person; the choices stay. */
@Component
class SurveyAnswerEraser implements PersonalDataEraser {

    private final JdbcClient jdbc;

    SurveyAnswerEraser(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "survey_answer";
    }

    @Override
    public int erase(long contactId) {
        return jdbc.sql("UPDATE survey_answer SET free_text = NULL WHERE contact_id = ? AND free_text IS NOT NULL")
                .param(contactId).update();
    }
}
