package io.rekindle.survey;

import static io.rekindle.system.Times.instant;
import static io.rekindle.system.Times.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SurveyAnswerRepository {

    private static final String COLUMNS = "id, contact_id, survey_process_instance_id, why_no_purchase, "
            + "ordering_problem, satisfied_with_last_purchase, free_text, answered_at";

    private final JdbcClient jdbc;

    SurveyAnswerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<SurveyAnswer> findBySurvey(String surveyProcessInstanceId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM survey_answer WHERE survey_process_instance_id = ?")
                .param(surveyProcessInstanceId).query(SurveyAnswerRepository::map).optional();
    }

    /** Inserts the answer; the unique survey id makes a second one for the same survey fail. */
    void insert(long contactId, String surveyProcessInstanceId, SurveyForm.Valid form, Instant at) {
        jdbc.sql("""
                INSERT INTO survey_answer (contact_id, survey_process_instance_id, why_no_purchase, ordering_problem,
                    satisfied_with_last_purchase, free_text, answered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(contactId, surveyProcessInstanceId, form.whyNoPurchase().name(), form.orderingProblem().name(),
                        form.satisfiedWithLastPurchase().name(), form.freeText(), utc(at))
                .update();
    }

    private static SurveyAnswer map(ResultSet rs, int row) throws SQLException {
        return new SurveyAnswer(rs.getLong("id"), rs.getLong("contact_id"), rs.getString("survey_process_instance_id"),
                SurveyAnswer.WhyNoPurchase.valueOf(rs.getString("why_no_purchase")),
                SurveyAnswer.YesNo.valueOf(rs.getString("ordering_problem")),
                SurveyAnswer.Satisfaction.valueOf(rs.getString("satisfied_with_last_purchase")),
                rs.getString("free_text"), instant(rs.getObject("answered_at", OffsetDateTime.class)));
    }
}
