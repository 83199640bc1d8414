package io.rekindle.unsubscribe;

import io.rekindle.support.PostgresDatabase;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The unsubscribe suite on PostgreSQL, in a database of its own. */
@ExtendWith(PostgresDatabase.class)
class UnsubscribeOverHttpPostgresTest extends UnsubscribeOverHttpTestBase {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = PostgresDatabase.fresh("unsub_it");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> PostgresDatabase.USER);
        registry.add("spring.datasource.password", () -> PostgresDatabase.PASSWORD);
    }
}
