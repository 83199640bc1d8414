package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
        StringBuilder csv = new StringBuilder("externalId,email,firstName,locale,signedUpAt,emailConsent,smsConsent\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append("kill-").append(i).append(",k").append(i).append("@example.com,Kim,fr,2020-01-01,true,false\n");
        }
        String location = api.post("/api/contacts/imports", "text/csv", csv.toString()
                .getBytes(StandardCharsets.UTF_8)).expect(202).location();
        await("a first batch committed", () -> api.get(location).expect(200).json().get("rowsDone").asLong() > 0);

        app.kill();
        app.restart();

        JsonNode atRestart = api.get(location).expect(200).json();
        assertThat(atRestart.get("rowsDone").asLong()).as("killed in the middle").isBetween(1L, ROWS - 1L);
        await("import done", () -> api.get(location).expect(200).json().get("status").asText().equals("DONE"));
        JsonNode done = api.get(location).expect(200).json();
        assertThat(done.get("rowsDone").asLong()).isEqualTo(ROWS);
        assertThat(done.get("rowsNew").asLong()).isEqualTo(ROWS);
        assertThat(done.get("rowsUnchanged").asLong()).as("no committed batch read twice").isZero();
        assertThat(done.get("rowsRejected").asLong()).isZero();
        assertThat(app.output()).contains("Import " + done.get("id").asLong() + " done");
        api.get("/api/contacts?externalId=kill-" + ROWS).expect(200);
        JsonNode last = api.get(location + "/rows?after=" + ROWS).expect(200).json().get("rows");
        assertThat(last.get(0).get("line").asLong()).isEqualTo(ROWS + 1);
        assertThat(last.get(0).get("outcome").asText()).isEqualTo("NEW");
    }
}
