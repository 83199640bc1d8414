package io.rekindle.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rekindle.support.Api;
import io.rekindle.support.ModelerDeploy;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Marketing ops deploy a journey from Camunda Modeler: the exact request its deploy button sends. The next sign-up
 * runs the new version; people already in the journey stay on theirs; a broken diagram is refused with a message the
 * Modeler shows, and the running version stays.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class ModelerDeployTest {

    private static final Instant J = Instant.parse("2026-09-01T10:00:00Z");
    private static final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void resetClock() {
        TimeMachine.reset();
    }

    @Test
    void aJourneyDeployedFromTheModelerRunsForTheNextSignUpAndNotForThoseAlreadyIn() throws IOException {
        TimeMachine time = new TimeMachine(engine.getManagementService());
        time.travelTo(J);
        Api api = new Api(port);
        long before = signUp(api, "Before");
        // marketing ops shorten the first wait to 20 days
        String edited = relaunch().replace("<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">P30D</bpmn:timeDuration>",
                "<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">P20D</bpmn:timeDuration>");
        assertThat(edited).isNotEqualTo(relaunch());

        HttpResponse<String> deployed = ModelerDeploy.deploy(port, engine.getName(), "new-signup-relaunch.bpmn", edited);
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
        assertThat(latestVersion()).isEqualTo(2);
        HttpResponse<String> again = ModelerDeploy.deploy(port, engine.getName(), "new-signup-relaunch.bpmn", edited);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(latestVersion()).as("deploy-changed-only: the same file again is no new version").isEqualTo(2);

        long after = signUp(api, "After");
        time.travelTo(J.plus(Duration.ofDays(19)));
        time.runDueJobs();
        assertThat(relaunchesSent(after)).isZero();
        time.travelTo(J.plus(Duration.ofDays(20)));
        time.runDueJobs();
        assertThat(relaunchesSent(after)).as("version 2: J+20").isEqualTo(1);
        assertThat(relaunchesSent(before)).as("still on version 1: J+30").isZero();
        time.travelTo(J.plus(Duration.ofDays(30)));
        time.runDueJobs();
        assertThat(relaunchesSent(before)).isEqualTo(1);
    }

    /**
     * The Modeler shows a 400's message as the reason ("check the server status" is what it says to a 500). A file
     * that is not even XML is refused like a diagram the engine cannot run, each with the parser's words.
     */
    @Test
    void aBrokenDiagramIsRefusedWithAReadableMessageAndTheVersionStays() throws IOException {
        int version = latestVersion();

        HttpResponse<String> garbage = ModelerDeploy.deploy(port, engine.getName(), "new-signup-relaunch.bpmn",
                "<definitions");
        HttpResponse<String> malformed = ModelerDeploy.deploy(port, engine.getName(), "new-signup-relaunch.bpmn",
                relaunch().substring(0, relaunch().length() / 2));
        HttpResponse<String> invalid = ModelerDeploy.deploy(port, engine.getName(), "new-signup-relaunch.bpmn",
                relaunch().replace("<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">P30D</bpmn:timeDuration>",
                        "<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">in a month</bpmn:timeDuration>")
                        .replace("targetRef=\"Task_CheckActivityJ30\"", "targetRef=\"Task_NoSuchStep\""));
        HttpResponse<String> malformedDecision = ModelerDeploy.deploy(port, engine.getName(),
                "channel-selection.dmn", Files.readString(Path.of("dmn/channel-selection.dmn")).substring(0, 400));

        for (HttpResponse<String> refused : List.of(garbage, malformed, invalid, malformedDecision)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            JsonNode error = json.readTree(refused.body());
            assertThat(error.path("type").asText()).as(refused.body()).isNotBlank();
            assertThat(error.path("message").asText()).as(refused.body()).isNotBlank();
        }
        assertThat(message(garbage)).startsWith("ENGINE-09003 Could not parse 'new-signup-relaunch.bpmn'")
                .containsPattern("(?i)XML document structures must start and end|end of file|premature");
        assertThat(message(malformed)).startsWith("ENGINE-09003 Could not parse 'new-signup-relaunch.bpmn'");
        assertThat(message(invalid)).as("the engine's own form, which the Modeler lists problem by problem")
                .startsWith("ENGINE-09005 Could not parse BPMN process.").contains("Task_NoSuchStep");
        String engineOnly = "Unable to transform DMN resource 'channel-selection.dmn'.";
        assertThat(message(malformedDecision)).as("the parser's words, which the engine leaves out for DMN")
                .contains(engineOnly).hasSizeGreaterThan(message(malformedDecision).indexOf(engineOnly)
                        + engineOnly.length() + 10);
        assertThat(latestVersion()).isEqualTo(version);

        // other errors keep the engine's usual answer: an unknown deployment is still a 404
        var unknown = new Api(port).get("/engine-rest/engine/" + engine.getName() + "/deployment/no-such-id");
        assertThat(unknown.status()).isEqualTo(404);

        // and a valid file still deploys
        String fixed = relaunch().replace(
                "<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">P30D</bpmn:timeDuration>",
                "<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">P25D</bpmn:timeDuration>");
        HttpResponse<String> deployed = ModelerDeploy.deploy(port, engine.getName(), "new-signup-relaunch.bpmn", fixed);
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
        assertThat(latestVersion()).isEqualTo(version + 1);
    }

    private static String message(HttpResponse<String> response) throws IOException {
        return json.readTree(response.body()).path("message").asText();
    }

    /** Signs up; the welcome leaves at once, so J+30 (or J+20) counts from now. */
    private long signUp(Api api, String firstName) {
        String externalId = "modeler-" + UUID.randomUUID();
        long id = api.post("/api/contacts", "{\"externalId\":\"" + externalId + "\",\"email\":\"" + externalId
                + "@example.com\",\"firstName\":\"" + firstName + "\",\"locale\":\"en\",\"emailConsent\":true,"
                + "\"smsConsent\":false}").json().get("id").asLong();
        new TimeMachine(engine.getManagementService()).runDueJobs();
        return id;
    }

    private long relaunchesSent(long contactId) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE contact_id = ? AND template = 'relaunch-1'")
                .param(contactId).query(Long.class).single();
    }

    private int latestVersion() {
        return engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("new-signup-relaunch")
                .latestVersion().singleResult().getVersion();
    }

    private static String relaunch() throws IOException {
        return Files.readString(Path.of("bpmn/new-signup-relaunch.bpmn"));
    }
}
