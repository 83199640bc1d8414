package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.support.BothDatabases;

import org.junit.jupiter.api.Test;

/**
 * An import whose node is killed (SIGKILL) in the middle: started again on the same database and data folder, the
 * node resumes the import from its last committed batch, and the counts come out as if nothing had happened — every
 * row NEW exactly once, none counted twice as UNCHANGED, none missing.
 */
@BothDatabases
class ImportKillIT extends OutsideInTest {

    private static final int ROWS = 60_000;

    @Override
    Map<String, String> settings() {
        // small batches and a short lease: the kill falls between two commits, and the restarted node need not wait
        // the default minute before it takes the import over
        return Map.of("REKINDLE_IMPORTS_BATCH_SIZE", "500", "REKINDLE_IMPORTS_LEASE", "PT3S",
                "REKINDLE_IMPORTS_POLL_INTERVAL", "PT1S");
    }

    @Test
    void aKilledImportResumesFromItsLastCommittedBatchWithTheRightCounts() {
        var file = new InterruptedImport(api, "kill", ROWS);

        app.kill();
        app.restart();

        file.resumedAndDoneOn(api, app);
        JsonNode last = api.get(file.location + "/rows?after=" + ROWS).expect(200).json().get("rows");
        assertThat(last.get(0).get("line").asLong()).isEqualTo(ROWS + 1);
        assertThat(last.get(0).get("outcome").asText()).isEqualTo("NEW");
    }
}
