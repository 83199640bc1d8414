package io.rekindle.survey;

import io.rekindle.support.PostgresDatabase;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The survey page end to end on PostgreSQL, the production database, in a database of its own. */
@ExtendWith(PostgresDatabase.class)
class SurveyOverHttpPostgresTest extends SurveyOverHttpTestBase {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = PostgresDatabase.fresh("survey_it_http");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> PostgresDatabase.USER);
        registry.add("spring.datasource.password", () -> PostgresDatabase.PASSWORD);
    }
}
