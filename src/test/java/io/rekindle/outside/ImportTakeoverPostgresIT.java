package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL database, each with a data folder of its own, spooling imports to one folder both
 * mount ({@code REKINDLE_IMPORTS_DIRECTORY}, as the compose file's nodes do): an import posted to the first node,
 * which dies in the middle and stays down with its data folder gone, is finished by the second once the first's
 * lease has run out, with the counts of an import nothing interrupted, and its spooled file is removed. (Without the
 * shared folder the file goes with the first node's data folder, and the import waits for that node.)
 */
class ImportTakeoverPostgresIT extends OutsideInTest {

    private static final int ROWS = 60_000;

    private final Path shared = Path.of("target", "outside-in", getClass().getSimpleName() + "-imports")
            .toAbsolutePath();

    @Override
    Database database() {
        return Database.POSTGRES;
    }

    @Override
    Map<String, String> settings() {
        Database.deleteRecursively(shared);
        // small batches and a short lease, as in ImportKillIT: the kill falls between two commits, and the other node
        // need not wait the default minute
        return Map.of("REKINDLE_IMPORTS_DIRECTORY", shared.toString(), "REKINDLE_IMPORTS_BATCH_SIZE", "500",
                "REKINDLE_IMPORTS_LEASE", "PT3S", "REKINDLE_IMPORTS_POLL_INTERVAL", "PT1S");
    }

    @Test
    void anImportWhoseNodeDiedIsFinishedByAnotherNode() throws IOException {
        var file = new InterruptedImport(api, "move", ROWS);
        app.kill();
        // and its disk with it (a replaced container, a lost machine): only what is on the shared folder is left
        Database.deleteRecursively(Path.of("target", "outside-in", name(), "data").toAbsolutePath());

        // started only now, so that it is the one that finishes: its own working folder and data folder, the same
        // database and imports folder
        try (PackagedApp other = anotherNode("2")) {
            file.resumedAndDoneOn(Client.admin(other), other);
            try (Stream<Path> left = Files.list(shared)) {
                assertThat(left).as("the spooled file, once imported").isEmpty();
            }
        }
    }
}
