package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.experiment.Arm;
import io.rekindle.experiment.Assignment;
import io.rekindle.support.BothDatabases;

import org.junit.jupiter.api.Test;

/**
 * Marketing ops and analysts deploying from Camunda Modeler to the running jar: the same multipart request the
 * Modeler's rocket sends to {@code /engine-rest/deployment/create}, with the files of {@code bpmn/} and {@code dmn/}
 * as they would edit them.
 */
@BothDatabases
class ModelerDeployIT extends OutsideInTest {

    static final Path RELAUNCH = Path.of("bpmn", "new-signup-relaunch.bpmn");
    static final Path CLASSIFICATION = Path.of("dmn", "inactivity-classification.dmn");
    static final Path VARIANT_EXAMPLE = Path.of("docs", "examples", "variant-split-example.bpmn");
    static final String EXPERIMENT = "relaunch-subject-example";
    /** The shipped function, written out: the arm the example's split gives a contact id while it runs. */
    private static final Assignment SPLIT = new Assignment("variant:" + EXPERIMENT,
            List.of(new Arm("A", 50), new Arm("B", 50)));
    private static final DateTimeFormatter ENGINE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    @Test
    void aJourneyChangedInTheModeler_newSignUpsStartOnV2_peopleAlreadyInStayOnV1_theSameFileTwiceIsOneVersion() {
        long before = signUp("oi-before", "bea@example.com", "Béa", "fr");
        String beforeJourney = operator.instanceOf("new-signup-relaunch", before);

        String shipped = read(RELAUNCH);
        String changed = shipped
                .replace("<bpmn:intermediateCatchEvent id=\"Timer_J30\" name=\"J+30\">",
                        "<bpmn:intermediateCatchEvent id=\"Timer_J30\" name=\"J+20\">")
                .replace(">P30D<", ">P20D<");
        assertThat(changed).contains("name=\"J+20\"").contains(">P20D<").doesNotContain(">P30D<");

        JsonNode deployment = deploy("new-signup-relaunch", "new-signup-relaunch.bpmn", changed).expect(200).json();
        JsonNode deployed = deployment.path("deployedProcessDefinitions");
        assertThat(deployed.size()).as(deployment.toString()).isEqualTo(1);
        JsonNode v2 = deployed.elements().next();
        assertThat(v2.get("key").asText()).isEqualTo("new-signup-relaunch");
        assertThat(v2.get("version").asInt()).isEqualTo(2);

        long after = signUp("oi-after", "adam@example.com", "Adam", "fr");
        String afterJourney = operator.instanceOf("new-signup-relaunch", after);

        assertThat(definitionOf(beforeJourney).get("version").asInt()).as("already in: stays on v1").isEqualTo(1);
        assertThat(definitionOf(afterJourney).get("version").asInt()).as("signed up after: v2").isEqualTo(2);
        assertThat(definitionOf(afterJourney).get("id").asText()).isEqualTo(v2.get("id").asText());
        Instant now = Instant.now();
        assertThat(Duration.between(now, timerDue(beforeJourney, "Timer_J30")).toDays())
                .as("the J+30 timer of someone already in").isEqualTo(29);
        assertThat(Duration.between(now, timerDue(afterJourney, "Timer_J30")).toDays())
                .as("the changed timer of a new sign-up").isEqualTo(19);
        assertThat(api.get("/engine-rest/history/activity-instance?processInstanceId=" + afterJourney
                + "&activityId=Timer_J30").expect(200).json().get(0).get("activityName").asText()).isEqualTo("J+20");

        // the Modeler's rocket clicked again on the same file: duplicate filtering, no version 3
        JsonNode again = deploy("new-signup-relaunch", "new-signup-relaunch.bpmn", changed).expect(200).json();
        assertThat(again.path("deployedProcessDefinitions").size()).as(again.toString()).isZero();
        assertThat(versions("process-definition", "new-signup-relaunch")).isEqualTo(2);
        assertThat(latest("process-definition", "new-signup-relaunch").get("version").asInt()).isEqualTo(2);
    }

    @Test
    void aThresholdChangedInTheModeler_theNextClassificationRunUsesTheNewVersion() {
        long customer = signUp("oi-dmn", "dora@example.com", null, "Dora", "fr", true, false, longAgo());
        JsonNode today = explain(customer).get("ifClassifiedNow");
        assertThat(today.get("segment").asText()).as(today.toString()).isEqualTo("INACTIVE");
        assertThat(today.get("decisionVersion").asInt()).isEqualTo(1);

        // the analyst types 365 instead of 1095 in the sign-up cell of the rule "Lost"
        String shipped = read(CLASSIFICATION);
        String changed = shipped.replaceFirst("(<inputEntry id=\"Rule_Lost_DaysSinceSignUp\">\\s*<text>)&gt; 1095<",
                "$1&gt; 365<");
        assertThat(changed).isNotEqualTo(shipped);
        JsonNode deployment = deploy("inactivity-classification", "inactivity-classification.dmn", changed)
                .expect(200).json();
        assertThat(deployment.path("deployedDecisionDefinitions").toString()).contains("inactivity-classification");
        assertThat(latest("decision-definition", "inactivity-classification").get("version").asInt()).isEqualTo(2);
        assertThat(explain(customer).get("ifClassifiedNow").get("segment").asText()).isEqualTo("LOST");

        JsonNode run = classificationRun();
        assertThat(run.get("decisionVersion").asInt()).as(run.toString()).isEqualTo(2);
        JsonNode classified = explain(customer);
        assertThat(classified.get("segment").asText()).as(classified.toString()).isEqualTo("LOST");
        assertThat(classified.get("decisionVersion").asInt()).isEqualTo(2);
        assertThat(operator.historyOf("inactive-winback", customer)).as("LOST: no win-back").isEmpty();
    }

    @Test
    void aDiagramTheEngineCannotRead_isRefusedWithTheParsersMessage_andTheRunningVersionStays() {
        long versionsBefore = versions("process-definition", "new-signup-relaunch");
        String shipped = read(RELAUNCH);
        String truncated = shipped.substring(0, shipped.indexOf("<bpmn:definitions") + "<bpmn:definitions".length());

        var response = deploy("new-signup-relaunch", "new-signup-relaunch.bpmn", truncated);

        assertThat(versions("process-definition", "new-signup-relaunch")).isEqualTo(versionsBefore);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).contains("json");
        assertThat(response.json().path("message").asText()).as(response.body())
                .contains("XML document structures must start and end within the same entity");
    }

    @Test
    void aVariantSplitDeployedFromTheModeler_eachArmGetsItsEmail_stoppingSendsNewEntrantsToTheWinner() {
        JsonNode deployment = deploy("variant-split-example", "variant-split-example.bpmn", read(VARIANT_EXAMPLE))
                .expect(200).json();
        assertThat(deployment.path("deployedProcessDefinitions").toString()).contains("variant-split-example");

        // the jar hands out the ids: sign up until the split's hash has put two in A (one enters after the stop)
        // and one in B
        List<Long> inA = new ArrayList<>();
        List<Long> inB = new ArrayList<>();
        for (int i = 0; i < 30 && (inA.size() < 2 || inB.isEmpty()); i++) {
            long id = signUp("oi-variant-" + i, "variant" + i + "@example.com", "Léa", "fr");
            (SPLIT.armFor(id).equals("A") ? inA : inB).add(id);
        }
        assertThat(inA).as("contacts hashed into A").hasSizeGreaterThanOrEqualTo(2);
        assertThat(inB).as("contacts hashed into B").isNotEmpty();
        long a = inA.get(0);
        long b = inB.get(0);
        long late = inA.get(1);

        enterExample(a);
        enterExample(b);
        assertThat(Mailbox.subject(awaitEmails(address(a), 1).get(0)))
                .isEqualTo("Léa, vos avantages d'inscrit vous attendent");
        assertThat(Mailbox.subject(awaitEmails(address(b), 1).get(0))).isEqualTo("Léa, où êtes-vous ?");
        assertArm(a, "A", "relaunch-1");
        assertArm(b, "B", "relaunch-2");
        JsonNode result = api.get("/api/experiments/" + EXPERIMENT).expect(200).json();
        assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("RUNNING");
        assertThat(result.get("arms").findValuesAsText("arm")).containsExactly("A", "B");
        assertThat(result.get("arms").findValues("contacts")).extracting(JsonNode::asLong).containsExactly(1L, 1L);

        JsonNode stopped = api.postJson("/api/experiments/" + EXPERIMENT + "/stop", "{\"winner\":\"B\"}")
                .expect(200).json();
        assertThat(stopped.get("status").asText()).isEqualTo("STOPPED");
        assertThat(stopped.get("winner").asText()).isEqualTo("B");

        // no redeploy: a new entrant the hash puts in A gets B's email, the contact already in A gets A's again
        enterExample(late);
        enterExample(a);
        assertThat(Mailbox.subject(awaitEmails(address(late), 1).get(0))).isEqualTo("Léa, où êtes-vous ?");
        assertThat(awaitEmails(address(a), 2)).extracting(Mailbox::subject)
                .containsOnly("Léa, vos avantages d'inscrit vous attendent");
        assertThat(outbox(late)).filteredOn(r -> EXPERIMENT.equals(r.path("experiment").asText())).singleElement()
                .satisfies(r -> assertThat(r.get("experimentArm").asText()).isEqualTo("B"));
        assertThat(api.get("/api/experiments/" + EXPERIMENT).expect(200).json().get("arms").findValues("contacts"))
                .as("the winner's late entrants are not part of the comparison").extracting(JsonNode::asLong)
                .containsExactly(1L, 1L);
        assertThat(operator.openIncidents()).as(operator.incidents()).isZero();
    }

    /**
     * The contact enters the example as marketing ops start a journey by hand ({@code POST
     * /engine-rest/process-definition/key/…/start}, as Cockpit and the Modeler's "Start instance" do), once its welcome
     * has left.
     */
    private void enterExample(long contactId) {
        awaitWelcome(address(contactId));
        api.postJson("/engine-rest/process-definition/key/variant-split-example/start", "{\"businessKey\":\""
                + contactId + "\",\"variables\":{\"contactId\":{\"value\":" + contactId + ",\"type\":\"Long\"}}}")
                .expect(200);
    }

    /** The contact's row of the experiment carries its arm and template; its contact page shows the assignment. */
    private void assertArm(long contactId, String arm, String template) {
        assertThat(outbox(contactId)).filteredOn(r -> EXPERIMENT.equals(r.path("experiment").asText()))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("experimentArm").asText()).isEqualTo(arm);
                    assertThat(r.get("template").asText()).isEqualTo(template);
                });
        assertThat(contact(contactId).get("experiments")).anySatisfy(g -> {
            assertThat(g.get("experiment").asText()).isEqualTo(EXPERIMENT);
            assertThat(g.get("arm").asText()).isEqualTo(arm);
            assertThat(g.get("recorded").asBoolean()).isTrue();
        });
    }

    private String address(long contactId) {
        return contact(contactId).get("email").asText();
    }

    /** What the Modeler's Deploy sends: name, source, duplicate filtering, the file as a part named by its name. */
    Client.Response deploy(String name, String fileName, String xml) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("deployment-name", name);
        fields.put("deployment-source", "Camunda Modeler");
        fields.put("enable-duplicate-filtering", "true");
        return api.postMultipart("/engine-rest/deployment/create", fields,
                List.of(new Client.FilePart(fileName, "text/xml", xml.getBytes(StandardCharsets.UTF_8))));
    }

    private JsonNode definitionOf(String processInstanceId) {
        String definitionId = api.get("/engine-rest/process-instance/" + processInstanceId).expect(200).json()
                .get("definitionId").asText();
        return api.get("/engine-rest/process-definition/" + definitionId).expect(200).json();
    }

    private Instant timerDue(String processInstanceId, String activityId) {
        JsonNode jobs = api.get("/engine-rest/job?processInstanceId=" + processInstanceId + "&activityId=" + activityId
                + "&timers=true").expect(200).json();
        assertThat(jobs.size()).as(jobs.toString()).isEqualTo(1);
        return OffsetDateTime.parse(jobs.get(0).get("dueDate").asText(), ENGINE_DATE).toInstant();
    }

    private long versions(String kind, String key) {
        return api.get("/engine-rest/" + kind + "/count?key=" + key).expect(200).json().get("count").asLong();
    }

    private JsonNode latest(String kind, String key) {
        JsonNode list = api.get("/engine-rest/" + kind + "?key=" + key + "&latestVersion=true").expect(200).json();
        assertThat(list.size()).as(list.toString()).isEqualTo(1);
        return list.get(0);
    }

    private JsonNode explain(long contactId) {
        return api.get("/api/contacts/" + contactId + "/classification").expect(200).json();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
