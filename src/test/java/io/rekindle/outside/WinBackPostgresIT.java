package io.rekindle.outside;

import org.junit.jupiter.api.extension.ExtendWith;

import io.rekindle.support.PostgresDatabase;

@ExtendWith(PostgresDatabase.class)
class WinBackPostgresIT extends WinBackOutsideIn {

    @Override
    Database database() {
        return Database.POSTGRES;
    }
}
