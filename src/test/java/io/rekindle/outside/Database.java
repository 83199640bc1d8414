package io.rekindle.outside;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.rekindle.support.PostgresDatabase;
import io.rekindle.support.TestDatabase;

/** The two shipped configurations: the embedded default (H2 file) and the {@code postgres} profile. */
enum Database {

    /** {@code java -jar rekindle.jar} with nothing but a data folder: the README's first command. */
    H2 {
        @Override
        Map<String, String> environment(String name) {
            Path dir = Path.of("target", "outside-in", name, "data").toAbsolutePath();
            deleteRecursively(dir);
            return Map.of("REKINDLE_DATA_DIR", dir.toString());
        }
    },

    /** {@code SPRING_PROFILES_ACTIVE=postgres} with a fresh database on the local PostgreSQL. */
    POSTGRES {
        @Override
        Map<String, String> environment(String name) {
            return Map.of("SPRING_PROFILES_ACTIVE", "postgres",
                    "REKINDLE_DB_URL", PostgresDatabase.fresh("outside_" + name.toLowerCase().replaceAll("[^a-z0-9]", "_")),
                    "REKINDLE_DB_USER", PostgresDatabase.USER,
                    "REKINDLE_DB_PASSWORD", PostgresDatabase.PASSWORD);
        }
    };

    /** The database this run of the suite is on ({@link TestDatabase#current()}). */
    static Database current() {
        return TestDatabase.current() == TestDatabase.POSTGRES ? POSTGRES : H2;
    }

    /** The documented variables that point a node at a fresh database of this kind named after {@code name}. */
    abstract Map<String, String> environment(String name);

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
