package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.support.BothDatabases;

import org.junit.jupiter.api.Test;

/**
 * Bringing an existing base in, as shipped: a CSV posted to the jar over HTTP, the import's outcomes read back over
 * HTTP, and the SMTP server counting what the imported customers receive — nothing, even when the operator fires
 * every J+30 timer there is; the same file again changes nothing; a recent sign-up imported with
 * relaunchRecentSignUps=true waits for J+30 counted from its sign-up and gets the relaunch; a row withdrawing the email
 * consent ends the contact's journey.
 */
@BothDatabases
class ImportIT extends OutsideInTest {

    private static final String HEADER = "externalId,email,firstName,locale,signedUpAt,emailConsent,smsConsent,"
            + "purchaseCount,revenue\n";

    @Test
    void importedCustomersAreStoredWithTheirOutcomesStartNoJourneyAndGetNoEmail_andTheSameFileChangesNothing() {
        Instant recent = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
        String csv = HEADER
                + "imp-1,olga@example.com,Olga,fr,2019-05-04T10:00:00+02:00,true,false,4,210.50\n"
                + "imp-2,\"pierre@example.com\",\"Pierre, dit \"\"Pierrot\"\"\",en,2022-11-30,true,true,0,0\n"
                + "imp-3,rachel@example.com,Rachel,fr," + recent + ",true,false,0,0\n"
                + "imp-4,not-an-address,Sam,fr,2020-01-01,true,false,0,0\n";
        // a new sign-up through the API, for comparison: its relaunch exists and sends
        long control = api.postJson("/api/contacts", "{\"externalId\":\"imp-control\",\"email\":\"tom@example.com\","
                + "\"firstName\":\"Tom\",\"locale\":\"fr\",\"emailConsent\":true,\"smsConsent\":false}").expect(201)
                .json().get("id").asLong();

        JsonNode first = importFile(csv, "");

        assertThat(counts(first)).containsExactly(4L, 3L, 0L, 0L, 1L);
        JsonNode rejected = api.get("/api/contacts/imports/" + first.get("id").asLong() + "/rows?outcome=REJECTED")
                .expect(200).json().get("rows");
        assertThat(rejected.get(0).get("line").asLong()).isEqualTo(5);
        assertThat(rejected.get(0).get("reason").asText()).isEqualTo("email must be a valid email address");
        JsonNode pierre = api.get("/api/contacts?externalId=imp-2").expect(200).json();
        assertThat(pierre.get("firstName").asText()).isEqualTo("Pierre, dit \"Pierrot\"");
        List<Long> imported = new ArrayList<>();
        for (String externalId : List.of("imp-1", "imp-2", "imp-3")) {
            long id = api.get("/api/contacts?externalId=" + externalId).expect(200).json().get("id").asLong();
            imported.add(id);
            assertThat(operator.historyOf("new-signup-relaunch", id)).as(externalId + ": no entry journey").isEmpty();
        }

        // the operator fires every J+30 there is: only the new sign-up's relaunch sends
        for (String job : operator.awaitTimersAt("new-signup-relaunch", "Timer_J30", 1)) {
            operator.execute(job);
        }
        awaitEmails("tom@example.com", 1);
        awaitWelcome("tom@example.com");
        assertThat(mailbox.welcomesTo("olga@example.com")).as("an import is no sign-up: no welcome").isEmpty();
        assertThat(mailbox.to("olga@example.com")).isEmpty();
        assertThat(mailbox.to("pierre@example.com")).isEmpty();
        assertThat(mailbox.to("rachel@example.com")).isEmpty();
        assertThat(operator.historyOf("new-signup-relaunch", control)).hasSize(1);

        JsonNode before = api.get("/api/contacts/" + imported.get(0)).expect(200).json();
        JsonNode again = importFile(csv, "");

        assertThat(counts(again)).as("the same file again").containsExactly(4L, 0L, 0L, 3L, 1L);
        assertThat(api.get("/api/contacts/" + imported.get(0)).expect(200).json()).isEqualTo(before);
        assertThat(mailbox.to("olga@example.com")).isEmpty();
        assertThat(mailbox.to("tom@example.com")).hasSize(1);
    }

    @Test
    void aRecentSignUpImportedForTheRelaunchGetsItAtJ30CountedFromItsSignUp() {
        Instant signedUp = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
        JsonNode done = importFile(HEADER + "imp-r1,uma@example.com,Uma,fr," + signedUp + ",true,false,0,0\n"
                + "imp-r2,victor@example.com,Victor,fr,2021-01-01,true,false,0,0\n", "?relaunchRecentSignUps=true");

        assertThat(done.get("relaunched").asLong()).isEqualTo(1);
        long uma = api.get("/api/contacts?externalId=imp-r1").expect(200).json().get("id").asLong();
        long victor = api.get("/api/contacts?externalId=imp-r2").expect(200).json().get("id").asLong();
        assertThat(operator.historyOf("new-signup-relaunch", victor)).as("signed up years ago").isEmpty();
        String journey = operator.instanceOf("new-signup-relaunch", uma);
        String job = operator.timer(journey, "Timer_J30").orElseThrow();
        String due = api.get("/engine-rest/job/" + job).expect(200).json().get("dueDate").asText();
        assertThat(due).as("J+30 from the sign-up, 20 days from now, not 30")
                .startsWith(signedUp.plus(Duration.ofDays(30)).atOffset(ZoneOffset.UTC).toLocalDate().toString());

        operator.fireTimer(journey, "Timer_J30");

        assertThat(Mailbox.text(awaitEmails("uma@example.com", 1).get(0))).contains("Uma");
        assertThat(mailbox.to("victor@example.com")).isEmpty();
    }

    @Test
    void anEmailConsentTheFileWithdrawsEndsTheContactsJourney_noRelaunchLeaves() {
        long contact = api.postJson("/api/contacts", "{\"externalId\":\"imp-w\",\"email\":\"wanda@example.com\","
                + "\"firstName\":\"Wanda\",\"locale\":\"en\",\"emailConsent\":true,\"smsConsent\":false}").expect(201)
                .json().get("id").asLong();
        String journey = operator.instanceOf("new-signup-relaunch", contact);
        awaitWelcome("wanda@example.com");

        // the company's CRM learnt she withdrew her consent; the other cells are left empty: unchanged
        JsonNode done = importFile(HEADER + "imp-w,,,,,false,,,\n", "");

        assertThat(counts(done)).containsExactly(1L, 0L, 1L, 0L, 0L);
        await("the journey ended by the unsubscribe", () -> operator.passed(journey)
                .contains("EndEvent_Unsubscribed"));
        JsonNode wanda = api.get("/api/contacts/" + contact).expect(200).json();
        assertThat(wanda.get("emailConsent").asBoolean()).isFalse();
        assertThat(wanda.get("emailUnsubscribedAt").isNull()).as("emailUnsubscribedAt").isFalse();
        assertThat(operator.timer(journey, "Timer_J30")).as("no J+30 left to fire").isEmpty();
        quietPeriod();
        assertThat(mailbox.welcomesTo("wanda@example.com")).hasSize(1);
        assertThat(mailbox.to("wanda@example.com")).as("after the welcome").isEmpty();
    }

    @Test
    void aFileThatCannotBeImportedIsAProblem() {
        Client.Response json = api.post("/api/contacts/imports", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(json.status()).isEqualTo(415);
        assertThat(json.contentType()).startsWith("application/problem+json");
        assertThat(api.post("/api/contacts/imports", "text/csv", new byte[0]).status()).isEqualTo(400);
        assertThat(api.post("/api/contacts/imports", "text/csv", "email\nx@example.com\n"
                .getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(422);
    }

    private JsonNode importFile(String csv, String query) {
        Client.Response posted = api.post("/api/contacts/imports" + query, "text/csv",
                csv.getBytes(StandardCharsets.UTF_8)).expect(202);
        String location = posted.location();
        await("import done", () -> api.get(location).expect(200).json().get("status").asText().equals("DONE"));
        return api.get(location).expect(200).json();
    }

    /** rows done, new, updated, unchanged, rejected */
    private static List<Long> counts(JsonNode report) {
        return List.of(report.get("rowsDone").asLong(), report.get("rowsNew").asLong(),
                report.get("rowsUpdated").asLong(), report.get("rowsUnchanged").asLong(),
                report.get("rowsRejected").asLong());
    }
}
