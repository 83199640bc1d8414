package io.rekindle.outside;

import org.junit.jupiter.api.extension.ExtendWith;

import io.rekindle.support.PostgresDatabase;

@ExtendWith(PostgresDatabase.class)
class KillMidWavePostgresIT extends KillMidWaveOutsideIn {

    @Override
    Database database() {
        return Database.POSTGRES;
    }
}
