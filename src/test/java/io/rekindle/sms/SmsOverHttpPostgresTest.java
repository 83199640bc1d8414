package io.rekindle.sms;

import io.rekindle.support.PostgresDatabase;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The SMS suite on PostgreSQL, in a database of its own. */
@ExtendWith(PostgresDatabase.class)
class SmsOverHttpPostgresTest extends SmsOverHttpTestBase {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = PostgresDatabase.fresh("rekindle_it_sms");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> PostgresDatabase.USER);
        registry.add("spring.datasource.password", () -> PostgresDatabase.PASSWORD);
    }
}
