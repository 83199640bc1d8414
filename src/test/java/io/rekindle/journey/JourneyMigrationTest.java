package io.rekindle.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.outbox.OutboxMessage;
import io.rekindle.outbox.OutboxService;
import io.rekindle.contact.Contact;
import io.rekindle.contact.ContactService;
import io.rekindle.contact.SignUpRequest;
import io.rekindle.support.Api;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Developers move people mid-journey onto a new version on purpose, over HTTP: a dry run says who would move and
 * who cannot, and moves nobody; the real run moves them and the new version's steps apply to them.
 * Each test deploys new versions, so each gets an engine of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class JourneyMigrationTest {

    private static final Instant J = Instant.parse("2026-03-02T09:00:00Z");

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    ContactService contacts;
    @Autowired
    OutboxService outbox;

    Api api;
    TimeMachine time;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        time = new TimeMachine(engine.getManagementService());
        time.travelTo(J);
    }

    @AfterEach
    void resetClock() {
        TimeMachine.reset();
    }

    @Test
    void aDryRunReportsAndMovesNobody_theRunMovesEveryoneWaitingForJ30() throws IOException {
        Contact ada = signUp("Ada");
        Contact bob = signUp("Bob");
        String original = journeyDefinition(ada);
        // version 2: the J+30 step changed, relaunch 1 goes out without an offer code
        deploy(relaunchXml().replaceFirst(
                "(<camunda:inputParameter name=\"template\">relaunch-1</camunda:inputParameter>\\s*"
                        + "<camunda:inputParameter name=\"withOffer\">)true(</camunda:inputParameter>)", "$1false$2"));

        JsonNode dryRun = api.post("/api/journeys/new-signup-relaunch/migrations?dryRun=true", "").json();

        assertThat(dryRun.get("dryRun").asBoolean()).isTrue();
        assertThat(dryRun.get("sources")).hasSize(1);
        JsonNode source = dryRun.get("sources").get(0);
        assertThat(source.get("instances").asLong()).isEqualTo(2);
        assertThat(source.get("waitingAt").get("Timer_J30").asLong()).isEqualTo(2);
        assertThat(source.get("cannotMove")).isEmpty();
        assertThat(dryRun.get("migrated").asLong()).isZero();
        assertThat(journeyDefinition(ada)).isEqualTo(original);

        Api.Response run = api.post("/api/journeys/new-signup-relaunch/migrations?dryRun=false", "");
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.json().get("migrated").asLong()).isEqualTo(2);
        String latest = engine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey("new-signup-relaunch").latestVersion().singleResult().getId();
        assertThat(List.of(journeyDefinition(ada), journeyDefinition(bob))).containsOnly(latest);

        time.travelTo(J.plus(Duration.ofDays(30)));
        time.runDueJobs();
        assertThat(messages(ada)).singleElement().satisfies(m -> {
            assertThat(m.template()).isEqualTo("relaunch-1");
            assertThat(m.offerCode()).as("version 2's step ran: no offer").isNull();
        });
    }

    /**
     * The version that added the welcome, deployed while people waited for J+30 on the one before: they move, keep
     * their J+30 and get no welcome (they signed up long ago); the next sign-up gets one.
     */
    @Test
    void peopleWaitingForJ30BeforeTheWelcomeExistedMoveOntoItAndKeepTheirDate() throws IOException {
        engine.getRepositoryService().createDeployment().name("before the welcome").addString(
                "new-signup-relaunch.bpmn", Files.readString(Path.of(
                        "src/test/resources/journeys/new-signup-relaunch-before-welcome.bpmn"))).deploy();
        Contact ada = signUp("Ada");
        assertThat(engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceBusinessKey(String.valueOf(ada.id())).activityIdIn("Timer_J30").count())
                .as("the version before the welcome waits for J+30 at once").isEqualTo(1);
        engine.getRepositoryService().createDeployment().name("with the welcome")
                .addString("new-signup-relaunch.bpmn", relaunchXml()).deploy();

        time.travelTo(J.plus(Duration.ofDays(3)));
        JsonNode run = api.post("/api/journeys/new-signup-relaunch/migrations?dryRun=false", "").json();
        assertThat(run.get("migrated").asLong()).isEqualTo(1);
        assertThat(run.get("notMigrated").asLong()).isZero();
        String latest = engine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey("new-signup-relaunch").latestVersion().singleResult().getId();
        assertThat(journeyDefinition(ada)).isEqualTo(latest);
        Contact bob = signUp("Bob");

        time.travelTo(J.plus(Duration.ofDays(30)).minusSeconds(60));
        time.runDueJobs();
        assertThat(messages(ada)).as("J+30 not yet").isEmpty();
        time.travelTo(J.plus(Duration.ofDays(30)));
        time.runDueJobs();
        assertThat(messages(ada)).extracting(OutboxMessage::template).containsExactly("relaunch-1");
        assertThat(welcomes(ada)).as("moved past the welcome").isZero();
        assertThat(welcomes(bob)).isEqualTo(1);
        assertThat(messages(bob)).as("Bob's J+30 counts from his own sign-up, at J+3").isEmpty();
    }

    @Test
    void peopleWaitingAtAStepTheNewVersionNoLongerHasAreReportedAndStay() throws IOException {
        Contact cyd = signUp("Cyd");
        String original = journeyDefinition(cyd);
        deploy(relaunchXml().replace("Timer_J30", "Timer_Day30"));

        JsonNode dryRun = api.post("/api/journeys/new-signup-relaunch/migrations", "").json();
        JsonNode source = dryRun.get("sources").get(0);
        assertThat(source.get("cannotMove").get(0).asText()).isEqualTo("Timer_J30");
        assertThat(source.get("problems").get(0).asText()).contains("1 waiting at 'Timer_J30'");

        JsonNode run = api.post("/api/journeys/new-signup-relaunch/migrations?dryRun=false", "").json();
        assertThat(run.get("migrated").asLong()).isZero();
        assertThat(run.get("notMigrated").asLong()).isEqualTo(1);
        assertThat(journeyDefinition(cyd)).isEqualTo(original);

        Api.Response unknown = api.post("/api/journeys/no-such-journey/migrations", "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
    }

    /** Signs up; the welcome (if the version has one) leaves at once, and the journey waits for J+30. */
    private Contact signUp(String firstName) {
        String externalId = "migration-" + UUID.randomUUID();
        Contact contact = contacts.signUp(new SignUpRequest(externalId, externalId + "@example.com", null, firstName,
                "en", true, false)).orElseThrow();
        time.runDueJobs();
        return contact;
    }

    private String journeyDefinition(Contact contact) {
        return engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceBusinessKey(String.valueOf(contact.id())).singleResult().getProcessDefinitionId();
    }

    private static String relaunchXml() throws IOException {
        return Files.readString(Path.of("bpmn/new-signup-relaunch.bpmn"));
    }

    private void deploy(String xml) {
        engine.getRepositoryService().createDeployment().name("developer")
                .addString("new-signup-relaunch.bpmn", xml).deploy();
        assertThat(engine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey("new-signup-relaunch").latestVersion().singleResult().getVersion()).isEqualTo(2);
    }

    /** The journey's messages after the welcome. */
    private List<OutboxMessage> messages(Contact contact) {
        return outbox.find(contact.id(), null, 10).stream()
                .filter(m -> !io.rekindle.support.Welcomes.TEMPLATE.equals(m.template())).toList();
    }

    private long welcomes(Contact contact) {
        return outbox.find(contact.id(), null, 10).stream()
                .filter(m -> io.rekindle.support.Welcomes.TEMPLATE.equals(m.template())).count();
    }
}
