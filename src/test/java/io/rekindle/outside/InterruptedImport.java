package io.rekindle.outside;

import static io.rekindle.outside.OutsideInTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A CSV import of {@code rows} new contacts ({@code prefix-1}…) posted and watched until its first batch is
 * committed, for the scenarios that stop its node in the middle; then checked, from any node, to end as if nothing had
 * happened.
 */
final class InterruptedImport {

    private final String prefix;
    private final int rows;
    final String location;

    /** Posts the file to {@code api}'s node and returns once a first batch, not the last, is committed. */
    InterruptedImport(Client api, String prefix, int rows) {
        this.prefix = prefix;
        this.rows = rows;
        StringBuilder csv = new StringBuilder("externalId,email,firstName,locale,signedUpAt,emailConsent,smsConsent\n");
        for (int i = 1; i <= rows; i++) {
            csv.append(prefix).append('-').append(i).append(',').append(prefix).append(i)
                    .append("@example.com,Kim,fr,2020-01-01,true,false\n");
        }
        location = api.post("/api/contacts/imports", "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8))
                .expect(202).location();
        await("a first batch committed", () -> api.get(location).expect(200).json().get("rowsDone").asLong() > 0);
    }

    /**
     * Asserts that the stop fell in the middle, waits for the import to end on {@code node}, and asserts every row NEW
     * exactly once: none counted twice as UNCHANGED, none missing; the node that ended it says so in its log.
     */
    void resumedAndDoneOn(Client api, PackagedApp node) {
        assertThat(api.get(location).expect(200).json().get("rowsDone").asLong()).as("stopped in the middle")
                .isBetween(1L, rows - 1L);
        await("import done", () -> api.get(location).expect(200).json().get("status").asText().equals("DONE"));
        JsonNode done = api.get(location).expect(200).json();
        assertThat(done.get("rowsDone").asLong()).isEqualTo(rows);
        assertThat(done.get("rowsNew").asLong()).isEqualTo(rows);
        assertThat(done.get("rowsUnchanged").asLong()).as("no committed batch read twice").isZero();
        assertThat(done.get("rowsRejected").asLong()).isZero();
        assertThat(node.output()).contains("Import " + done.get("id").asLong() + " done");
        api.get("/api/contacts?externalId=" + prefix + "-" + rows).expect(200);
    }
}
