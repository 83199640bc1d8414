package io.rekindle.email;

import io.rekindle.support.PostgresDatabase;

import org.junit.jupiter.api.extension.ExtendWith;

/** The delivery faults on PostgreSQL: each test a fresh database shared by its app instances. */
@ExtendWith(PostgresDatabase.class)
class DeliveryFaultsPostgresTest extends DeliveryFaultsTestBase {

    @Override
    String[] freshDatabase() {
        return new String[] {PostgresDatabase.fresh("rekindle_it_faults"), PostgresDatabase.USER,
                PostgresDatabase.PASSWORD};
    }
}
