package io.rekindle.gdpr;

import io.rekindle.support.PostgresDatabase;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** GDPR erasure on PostgreSQL, in a database of its own. */
@ExtendWith(PostgresDatabase.class)
class GdprErasurePostgresTest extends GdprErasureTestBase {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = PostgresDatabase.fresh("erasure_it_gdpr");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> PostgresDatabase.USER);
        registry.add("spring.datasource.password", () -> PostgresDatabase.PASSWORD);
    }
}
