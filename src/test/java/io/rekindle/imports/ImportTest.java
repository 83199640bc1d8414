package io.rekindle.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.journey.Journeys;
import io.rekindle.support.Api;
import io.rekindle.support.OverHttp;
import io.rekindle.support.RekindleIntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Imports over HTTP, as the company's systems post them, on H2 and PostgreSQL: outcomes per row (new, updated,
 * unchanged, rejected with line and reason), idempotency by external id, no journey for existing customers, the
 * relaunch at the right point when asked, CSV quoting, NDJSON, refused files, and a job resumed from its
 * checkpoint. Batches of 4 rows, so that every file here spans several.
 */
@RekindleIntegrationTest(properties = {"rekindle.imports.batch-size=4", "rekindle.imports.poll-interval=PT1H",
        "rekindle.imports.max-size=20KB", "rekindle.imports.directory=${java.io.tmpdir}/rekindle-import-test"})
class ImportTest extends OverHttp {

    private static final Instant NOW = Instant.parse("2026-06-15T09:00:00Z");
    private static final String HEADER = "externalId,email,firstName,locale,signedUpAt,emailConsent,smsConsent,"
            + "purchaseCount,revenue,lastPurchaseAt,loyaltyPoints\n";

    @Autowired
    ImportJobs jobs;

    @Override
    protected Instant start() {
        return NOW;
    }

    @Test
    void eachRowIsNewUpdatedUnchangedOrRejectedWithItsLineAndTheSameFileTwiceChangesNothing() {
        String csv = HEADER
                + "a-1,anne@example.com,Anne,fr,2019-03-04T10:00:00+01:00,true,false,3,129.90,2024-01-02,40\n"
                + "a-2,bruno@example.com,Bruno,en,2021-07-01,true,true,0,0,,\n"
                + "a-3,not-an-address,Carla,fr,2020-01-01,true,false,,,,\n"
                + "a-4,dora@example.com,,fr,2020-01-01,true,false,,,,\n"
                + "a-5,eve@example.com,Eve,de,2020-01-01,true,false,,,,\n"
                + "a-6,fanny@example.com,Fanny,fr,2099-01-01,true,false,,,,\n"
                // the same contact twice in one file: the second row updates what the first created
                + "a-2,bruno@example.com,Bruno,en,2021-07-01,true,true,1,19.90,2024-05-05T12:00:00Z,\n"
                + "a-7,gus@example.com,Gus,fr,2022-02-02,maybe,false,,,,\n"
                + "a-8,hugo@example.com,Hugo,fr,2022-02-02,true,false,-1,,,\n";

        JsonNode first = importAndWait(csv, "text/csv");

        assertThat(first.get("status").asText()).isEqualTo("DONE");
        assertThat(counts(first)).containsExactly(9L, 2L, 1L, 0L, 6L);
        assertThat(rejected(first.get("id").asLong())).containsExactly(
                "4: email must be a valid email address",
                "5: firstName must not be blank for a new contact",
                "6: locale must be 'fr' or 'en'",
                "7: signedUpAt must not be in the future",
                "9: emailConsent must be true or false",
                "10: purchaseCount must not be negative");
        JsonNode anne = api.get("/api/contacts?externalId=a-1").json();
        assertThat(anne.get("signedUpAt").asText()).isEqualTo("2019-03-04T09:00:00Z");
        assertThat(anne.get("revenue").decimalValue()).isEqualByComparingTo("129.90");
        assertThat(anne.get("purchaseCount").asInt()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT loyalty_points FROM contact WHERE external_id = 'a-1'").query(Integer.class)
                .single()).isEqualTo(40);
        JsonNode bruno = api.get("/api/contacts?externalId=a-2").json();
        assertThat(bruno.get("purchaseCount").asInt()).isEqualTo(1);
        assertThat(bruno.get("lastPurchaseAt").asText()).isEqualTo("2024-05-05T12:00:00Z");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM contact WHERE external_id LIKE 'a-%'").query(Long.class).single())
                .isEqualTo(2);
        assertThat(journeysOf("a-1", "a-2")).as("an existing customer starts no journey").isZero();

        JsonNode again = importAndWait(csv, "text/csv");

        // the first a-2 row now finds the contact as the second one left it: an update back, then forth again
        assertThat(counts(again)).containsExactly(9L, 0L, 2L, 1L, 6L);
        JsonNode third = importAndWait(csv.replace("a-2,bruno@example.com,Bruno,en,2021-07-01,true,true,0,0,,\n", ""),
                "text/csv");
        assertThat(counts(third)).as("nothing left to change").containsExactly(8L, 0L, 0L, 2L, 6L);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM contact WHERE updated_at <> created_at AND external_id = 'a-1'")
                .query(Long.class).single()).as("an unchanged contact is not written").isZero();
        assertThat(journeysOf("a-1", "a-2")).isZero();
    }

    @Test
    void anUpdatedRowUpdatesTheContactAndRecordsEachChangeWithTheImportAsSource() {
        importAndWait("externalId,email,firstName,locale,emailConsent,smsConsent,emailStatus\n"
                + "u-1,ursula@example.com,Ursula,fr,true,false,HARD_BOUNCE\n", "text/csv");
        long id = api.get("/api/contacts?externalId=u-1").json().get("id").asLong();

        // a file with fewer columns changes only what it gives; a new address has bounced nowhere yet
        JsonNode update = importAndWait("externalId,email,smsConsent,smsConsentAt,smsConsentSource\n"
                + "u-1,ursula@example.org,true,2026-06-01T08:00:00Z,shop-checkout\n", "text/csv");

        assertThat(counts(update)).containsExactly(1L, 0L, 1L, 0L, 0L);
        JsonNode ursula = api.get("/api/contacts/" + id).json();
        assertThat(ursula.get("email").asText()).isEqualTo("ursula@example.org");
        assertThat(ursula.get("firstName").asText()).isEqualTo("Ursula");
        assertThat(ursula.get("smsConsent").asBoolean()).isTrue();
        assertThat(ursula.get("emailStatus").asText()).isEqualTo("VALID");
        List<String> changes = jdbc.sql("""
                SELECT source || ' ' || field || ' ' || COALESCE(old_value, '-') || ' ' || new_value
                FROM contact_change WHERE contact_id = :id ORDER BY id""").param("id", id).query(String.class).list();
        String source = "import:" + update.get("id").asLong();
        assertThat(changes).containsExactly(
                source + " email ursula@example.com ursula@example.org",
                source + " smsConsent false true",
                source + " smsConsentAt - 2026-06-01T08:00:00Z",
                source + " smsConsentSource - shop-checkout",
                source + " emailStatus HARD_BOUNCE VALID");
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaksAndLinesStayTheFilesLines() {
        String csv = "\uFEFFexternalId,firstName,email,locale,emailConsent,smsConsent\r\n"
                + "q-1,\"Dupont, Marie\",marie@example.com,fr,true,false\r\n"
                + "q-2,\"Jean \"\"Jeannot\"\"\",jean@example.com,fr,true,false\r\n"
                + "q-3,\"Line\r\nbreak\",lb@example.com,fr,true,false\r\n"
                + "\r\n"
                + "q-4,Too,many,cells,fr,true,false\r\n"
                + "q-5,Paul,paul@example.com,fr,true,false";

        JsonNode done = importAndWait(csv, "text/csv; charset=utf-8");

        assertThat(counts(done)).containsExactly(5L, 4L, 0L, 0L, 1L);
        assertThat(rejected(done.get("id").asLong())).containsExactly(
                "7: the row has 7 cells where the header names 6 columns");
        assertThat(api.get("/api/contacts?externalId=q-1").json().get("firstName").asText()).isEqualTo("Dupont, Marie");
        assertThat(api.get("/api/contacts?externalId=q-2").json().get("firstName").asText())
                .isEqualTo("Jean \"Jeannot\"");
        assertThat(api.get("/api/contacts?externalId=q-3").json().get("firstName").asText()).isEqualTo("Line\r\nbreak");
        JsonNode rows = api.get("/api/contacts/imports/" + done.get("id").asLong() + "/rows").json().get("rows");
        List<String> all = new ArrayList<>();
        rows.forEach(r -> all.add(r.get("line").asLong() + " " + r.get("outcome").asText()));
        assertThat(all).containsExactly("2 NEW", "3 NEW", "4 NEW", "7 REJECTED", "8 NEW");
        JsonNode page = api.get("/api/contacts/imports/" + done.get("id").asLong() + "/rows?outcome=NEW&after=3&limit=1")
                .json();
        assertThat(page.get("rows").get(0).get("line").asLong()).isEqualTo(4);
        assertThat(page.get("next").asLong()).isEqualTo(4);
    }

    @Test
    void ndjsonRowsAreReadByFieldNameAndABrokenLineIsARejectedRow() {
        String ndjson = """
                {"externalId":"n-1","email":"nina@example.com","firstName":"Nina","locale":"en","emailConsent":true,"smsConsent":false,"revenue":12.5,"purchaseCount":2}
                {"externalId":"n-2","email":"noe@example.com","firstName":"Noé","locale":"fr",
                {"externalId":"n-3","email":"nils@example.com","firstName":"Nils","locale":"fr","emailConsent":true,"smsConsent":false,"shoeSize":44}

                {"externalId":"n-4","email":"nour@exаmple.com","firstName":"Nour","locale":"fr","emailConsent":true,"smsConsent":false}
                {"externalId":"n-5","email":"noa@example.com","firstName":"Noa","locale":"fr","emailConsent":true,"smsConsent":false,"phone":null}
                """;

        JsonNode done = importAndWait(ndjson, "application/x-ndjson");

        assertThat(counts(done)).containsExactly(5L, 2L, 0L, 0L, 3L);
        assertThat(rejected(done.get("id").asLong())).containsExactly(
                "2: the row is not a JSON object (or repeats a field)",
                "3: the row has an unknown field 'shoeSize'",
                "5: email has a domain that mixes alphabets (a look-alike of another domain?)");
        assertThat(api.get("/api/contacts?externalId=n-1").json().get("revenue").decimalValue())
                .isEqualByComparingTo("12.50");
    }

    @Test
    void aFileThatCannotBeImportedIsAProblemNeverA500() {
        long imports = jdbc.sql("SELECT COUNT(*) FROM contact_import").query(Long.class).single();
        Api.Response json = api.post("/api/contacts/imports", "{}", "application/json",
                Api.basic(Api.USER, Api.PASSWORD));
        assertThat(json.status()).isEqualTo(415);
        assertThat(json.contentType()).startsWith("application/problem+json");

        Api.Response empty = api.post("/api/contacts/imports", "", "text/csv", Api.basic(Api.USER, Api.PASSWORD));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("detail").asText()).contains("empty");
        assertThat(api.post("/api/contacts/imports", HEADER, "text/csv", Api.basic(Api.USER, Api.PASSWORD)).status())
                .as("a header and no row").isEqualTo(400);
        assertThat(api.post("/api/contacts/imports", "\n\n", "application/x-ndjson",
                Api.basic(Api.USER, Api.PASSWORD)).status()).isEqualTo(400);

        Api.Response noId = api.post("/api/contacts/imports", "email,firstName\nx@example.com,X\n", "text/csv",
                Api.basic(Api.USER, Api.PASSWORD));
        assertThat(noId.status()).isEqualTo(422);
        assertThat(noId.json().get("detail").asText()).contains("externalId");
        Api.Response unknown = api.post("/api/contacts/imports", "externalId,shoeSize\nx,44\n", "text/csv",
                Api.basic(Api.USER, Api.PASSWORD));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("detail").asText()).contains("shoeSize");

        Api.Response tooLarge = api.post("/api/contacts/imports", HEADER + "x".repeat(30_000) + "\n", "text/csv",
                Api.basic(Api.USER, Api.PASSWORD));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(api.get("/api/contacts/imports/999999").status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM contact_import").query(Long.class).single())
                .as("no import was queued").isEqualTo(imports);
    }

    @Test
    void recentSignUpsEnterTheRelaunchAtTheRightPointOnlyWhenTheImportAsksForIt() {
        Instant tenDaysAgo = NOW.minus(Duration.ofDays(10));
        String csv = "externalId,email,firstName,locale,signedUpAt,emailConsent,smsConsent\n"
                + "r-1,rita@example.com,Rita,fr," + tenDaysAgo + ",true,false\n"
                + "r-2,remy@example.com,Rémy,fr," + NOW.minus(Duration.ofDays(40)) + ",true,false\n";
        String other = "externalId,email,firstName,locale,signedUpAt,emailConsent,smsConsent\n"
                + "r-3,rose@example.com,Rose,fr," + tenDaysAgo + ",true,false\n";

        JsonNode asked = importAndWait(csv, "text/csv", "?relaunchRecentSignUps=true");
        importAndWait(other, "text/csv");

        assertThat(asked.get("relaunched").asLong()).isEqualTo(1);
        long rita = api.get("/api/contacts?externalId=r-1").json().get("id").asLong();
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey(Journeys.NEW_SIGNUP_RELAUNCH)
                .list()).extracting(p -> p.getBusinessKey()).containsExactly(String.valueOf(rita));
        assertThat(journeysOf("r-2", "r-3")).as("signed up too long ago; an import that did not ask").isZero();
        String instance = history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(rita))
                .singleResult().getId();
        assertThat(management.createJobQuery().processInstanceId(instance).timers().singleResult().getDuedate()
                .toInstant())
                .isEqualTo(tenDaysAgo.plus(Duration.ofDays(30)));

        time.travelTo(tenDaysAgo.plus(Duration.ofDays(30)).minus(Duration.ofMinutes(1)));
        time.runDueJobs();
        assertThat(relaunchEmails()).as("not before J+30").isEmpty();
        time.travelTo(tenDaysAgo.plus(Duration.ofDays(30)).plus(Duration.ofMinutes(1)));
        time.runDueJobs();
        assertThat(relaunchEmails()).as("J+30 counted from the sign-up, not from the import (J+40)")
                .containsExactly(rita);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE template = 'welcome'").query(Long.class)
                .single()).as("no welcome 10 days late: an imported contact enters at the J+30 wait").isZero();
    }

    @Test
    void anImportInterruptedAfterACommittedBatchResumesFromItAndEndsWithTheRightCounts() throws Exception {
        StringBuilder csv = new StringBuilder("externalId,email,firstName,locale,emailConsent,smsConsent\n");
        for (int i = 1; i <= 10; i++) {
            csv.append("k-").append(i).append(",k").append(i).append("@example.com,K,fr,true,false\n");
        }
        csv.append("k-11,bad,K,fr,true,false\n");
        long id = jobs.accept(ImportFormat.CSV, new ByteArrayInputStream(csv.toString()
                .getBytes(StandardCharsets.UTF_8)), false);

        // the node runs one batch of 4, commits it, then dies holding the lease
        assertThat(jobs.run(id, 1)).isTrue();
        JsonNode cut = api.get("/api/contacts/imports/" + id).json();
        assertThat(cut.get("status").asText()).isEqualTo("RUNNING");
        assertThat(cut.get("rowsDone").asLong()).isEqualTo(4);
        jobs.wake();
        Thread.sleep(300);
        assertThat(api.get("/api/contacts/imports/" + id).json().get("rowsDone").asLong())
                .as("nobody takes it while its lease runs").isEqualTo(4);

        // the next start, after the lease ran out
        time.advance(Duration.ofMinutes(2));
        jobs.wake();
        JsonNode done = await(id);

        assertThat(counts(done)).containsExactly(11L, 10L, 0L, 0L, 1L);
        assertThat(rejected(id)).containsExactly("12: email must be a valid email address");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM contact WHERE external_id LIKE 'k-%'").query(Long.class).single())
                .isEqualTo(10);
        List<String> lines = new ArrayList<>();
        api.get("/api/contacts/imports/" + id + "/rows").json().get("rows")
                .forEach(r -> lines.add(r.get("line").asText()));
        assertThat(lines).as("every row once").containsExactly("2", "3", "4", "5", "6", "7", "8", "9", "10", "11",
                "12");
    }

    private List<Long> relaunchEmails() {
        return jdbc.sql("SELECT contact_id FROM outbox_message WHERE template = 'relaunch-1'").query(Long.class).list();
    }

    private JsonNode importAndWait(String body, String contentType) {
        return importAndWait(body, contentType, "");
    }

    private JsonNode importAndWait(String body, String contentType, String query) {
        Api.Response posted = api.post("/api/contacts/imports" + query, body, contentType,
                Api.basic(Api.USER, Api.PASSWORD));
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        assertThat(posted.location()).endsWith("/api/contacts/imports/" + posted.json().get("id").asLong());
        return await(posted.json().get("id").asLong());
    }

    private JsonNode await(long id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode report = api.get("/api/contacts/imports/" + id).json();
            if (report.get("status").asText().equals("DONE") || report.get("status").asText().equals("FAILED")) {
                return report;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("Import " + id + " did not finish: " + api.get("/api/contacts/imports/" + id).body());
    }

    /** rows done, new, updated, unchanged, rejected */
    private static List<Long> counts(JsonNode report) {
        return List.of(report.get("rowsDone").asLong(), report.get("rowsNew").asLong(),
                report.get("rowsUpdated").asLong(), report.get("rowsUnchanged").asLong(),
                report.get("rowsRejected").asLong());
    }

    private List<String> rejected(long id) {
        List<String> rows = new ArrayList<>();
        api.get("/api/contacts/imports/" + id + "/rows?outcome=REJECTED").json().get("rows")
                .forEach(r -> rows.add(r.get("line").asLong() + ": " + r.get("reason").asText()));
        return rows;
    }

    private long journeysOf(String... externalIds) {
        long journeys = 0;
        for (String externalId : externalIds) {
            String id = api.get("/api/contacts?externalId=" + externalId).json().get("id").asText();
            journeys += history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(id).count();
        }
        return journeys;
    }
}
