package io.rekindle.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rekindle.experiment.Arm;
import io.rekindle.experiment.Assignment;
import io.rekindle.support.Api;
import io.rekindle.support.HeadlessChromium;

import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * The journey simulator over HTTP: personas run through the deployed journeys in a JVM of their own; the answer
 * lists the dated messages and where the journeys ended, and nothing real is touched.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class JourneySimulatorTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RepositoryService repository;

    @Test
    void personasGetTheMessagesTheJourneySendsThemAndNothingRealIsTouched() {
        Api api = new Api(port);
        long contacts = count("contact");
        long messages = count("outbox_message");

        JsonNode silent = simulate(api, "new-signup-relaunch", "[]");
        JsonNode welcome = silent.get("messages").get(0);
        assertThat(welcome.get("day").asInt()).isZero();
        assertThat(welcome.get("template").asText()).isEqualTo("welcome");
        assertThat(welcome.get("withOffer").asBoolean()).isFalse();
        assertThat(welcome.get("subject").asText()).isEqualTo("Welcome, Persona: here is what your membership brings you");
        JsonNode relaunch1 = silent.get("messages").get(1);
        assertThat(relaunch1.get("day").asInt()).isEqualTo(30);
        assertThat(relaunch1.get("template").asText()).isEqualTo("relaunch-1");
        assertThat(relaunch1.get("withOffer").asBoolean()).isTrue();
        assertThat(relaunch1.get("subject").asText()).isEqualTo("Persona, your member benefits are waiting for you");
        assertThat(silent.get("messages").get(2).get("day").asInt()).isEqualTo(37);
        assertThat(silent.get("messages").get(2).get("template").asText()).isEqualTo("relaunch-2");
        assertThat(silent.get("journeys").get(0).get("journey").asText()).isEqualTo("new-signup-relaunch");
        assertThat(silent.get("journeys").get(0).get("endedDay").isNull()).isFalse();

        JsonNode visitor = simulate(api, "new-signup-relaunch", "[{\"day\":3,\"type\":\"VISIT\"}]");
        assertThat(visitor.get("messages")).as("the welcome only").singleElement()
                .satisfies(m -> assertThat(m.get("template").asText()).isEqualTo("welcome"));
        assertThat(visitor.get("journeys").get(0).get("endEvent").asText()).isEqualTo("EndEvent_AlreadyActive");
        assertThat(visitor.get("journeys").get(0).get("endedDay").asInt()).isEqualTo(30);

        JsonNode opener = simulate(api, "new-signup-relaunch", "[{\"day\":31,\"type\":\"EMAIL_OPENED\"}]");
        assertThat(opener.get("messages")).as("the welcome and relaunch 1").hasSize(2);
        assertThat(opener.get("journeys").get(0).get("endEvent").asText()).isEqualTo("EndEvent_OpenedRelaunch1");
        assertThat(opener.get("journeys").get(0).get("endedDay").asInt()).isEqualTo(31);

        assertThat(count("contact")).as("no real contact").isEqualTo(contacts);
        assertThat(count("outbox_message")).as("nothing real sent").isEqualTo(messages);

        Api.Response bad = api.post("/api/simulations", "{\"journey\":\"nope\",\"persona\":{},\"timeline\":"
                + "[{\"day\":-1,\"type\":\"DANCE\"}]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("journey").contains("timeline[0].type");
    }

    @Test
    void aSecondSimulationWhileOneRunsIsRefusedAtOnceWith503() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/simulations"))
                .header("Content-Type", "application/json").header("Authorization", Api.basic(Api.USER, Api.PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofString("{\"journey\":\"new-signup-relaunch\",\"persona\":"
                        + "{\"locale\":\"en\",\"emailConsent\":true},\"timeline\":[],\"horizonDays\":60}"))
                .build();

        var first = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        var second = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        List<HttpResponse<String>> answers = List.of(first.get(3, TimeUnit.MINUTES), second.get(3, TimeUnit.MINUTES));

        assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 503);
        HttpResponse<String> busy = answers.stream().filter(a -> a.statusCode() == 503).findFirst().orElseThrow();
        assertThat(busy.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("5");
        JsonNode problem = new ObjectMapper().readTree(busy.body());
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("title").asText()).isEqualTo("Simulator busy");

        // the simulator is free again once the first one answered
        assertThat(simulate(new Api(port), "new-signup-relaunch", "[]").get("messages")).isNotEmpty();
    }

    @Test
    void thePersonaSeesItsArmOfAVariantSplit_andMarketingOpsCanPreviewTheOtherArm() throws Exception {
        // the persona is contact 1 of the simulation's fresh database: the arm the split's hash gives it
        String hashed = new Assignment("variant:subject-test", List.of(new Arm("A", 50), new Arm("B", 50))).armFor(1);
        String other = hashed.equals("A") ? "B" : "A";
        String deployment = repository.createDeployment().name("inactive-winback")
                .addString("inactive-winback.bpmn", winBackWithSplit()).deploy().getId();
        try {
            Api api = new Api(port);
            JsonNode byHash = simulatePersona(api, "inactive-winback", "");
            assertThat(byHash.get("experiments")).as(byHash.toString()).singleElement().satisfies(e -> {
                assertThat(e.get("experiment").asText()).isEqualTo("subject-test");
                assertThat(e.get("arm").asText()).isEqualTo(hashed);
            });
            assertThat(byHash.get("messages").get(0).get("template").asText()).isEqualTo(template(hashed));
            assertThat(byHash.get("messages").get(0).get("experimentArm").asText()).isEqualTo(hashed);

            JsonNode chosen = simulatePersona(api, "inactive-winback",
                    ",\"arms\":{\"subject-test\":\"" + other + "\"}");
            assertThat(chosen.get("experiments")).singleElement()
                    .satisfies(e -> assertThat(e.get("arm").asText()).isEqualTo(other));
            assertThat(chosen.get("messages").get(0).get("template").asText()).isEqualTo(template(other));
            assertThat(chosen.get("messages").get(0).get("experimentArm").asText()).isEqualTo(other);

            // the same preview on the simulator's page, in Chromium, as marketing ops use it
            WebDriver browser = HeadlessChromium.start("the simulator page's variant arms");
            try {
                HeadlessChromium.openLoggedIn(browser, "http://127.0.0.1:" + port + "/simulator/index.html");
                new WebDriverWait(browser, Duration.ofSeconds(30))
                        .until(b -> b.getCurrentUrl().contains("/simulator/index.html"));
                new Select(browser.findElement(By.name("journey"))).selectByValue("inactive-winback");
                browser.findElement(By.name("arms")).sendKeys("subject-test " + other);
                browser.findElement(By.cssSelector("#simulation button[type=submit]")).click();
                new WebDriverWait(browser, Duration.ofSeconds(120)).until(b -> !b.findElements(
                        By.cssSelector("#experiments tbody tr")).isEmpty());
                assertThat(browser.findElement(By.cssSelector("#experiments tbody tr")).getText())
                        .isEqualTo("subject-test " + other);
                assertThat(browser.findElement(By.cssSelector("#messages tbody tr")).getText())
                        .contains(template(other)).contains("subject-test " + other);
            } finally {
                browser.quit();
            }

            Api.Response unknownArm = api.post("/api/simulations", request("inactive-winback",
                    ",\"arms\":{\"subject-test\":\"C\"}"));
            assertThat(unknownArm.status()).as(unknownArm.body()).isEqualTo(400);
            assertThat(unknownArm.body()).contains("persona.arms").contains("arm C is not an arm of experiment"
                    + " subject-test; its arms are A, B");
            Api.Response unknownExperiment = api.post("/api/simulations", request("inactive-winback",
                    ",\"arms\":{\"price-test\":\"A\"}"));
            assertThat(unknownExperiment.status()).as(unknownExperiment.body()).isEqualTo(400);
            assertThat(unknownExperiment.body()).contains("experiment price-test");
            Api.Response expression = api.post("/api/simulations", request("inactive-winback",
                    ",\"arms\":{\"subject-test\":\"${variantArm}\"}"));
            assertThat(expression.status()).as(expression.body()).isEqualTo(400);
            assertThat(expression.body()).contains("must be an arm name: letters, digits, - or _");

            JsonNode relaunch = simulatePersona(api, "new-signup-relaunch", "");
            assertThat(relaunch.get("experiments")).as("no split on this journey").isEmpty();
        } finally {
            repository.deleteDeployment(deployment, true);
        }
    }

    /** The shipped win-back with a split before the we-miss-you email: A sends it, B sends relaunch-2. */
    private static String winBackWithSplit() throws Exception {
        String shipped = Files.readString(Path.of("bpmn", "inactive-winback.bpmn"));
        String split = """
                <bpmn:serviceTask id="Task_SplitSubject" camunda:asyncBefore="true" \
                camunda:delegateExpression="${splitIntoVariants}">
                  <bpmn:extensionElements><camunda:inputOutput>
                    <camunda:inputParameter name="experimentId">subject-test</camunda:inputParameter>
                    <camunda:inputParameter name="experimentName">Subject test</camunda:inputParameter>
                    <camunda:inputParameter name="arms">A:50,B:50</camunda:inputParameter>
                    <camunda:inputParameter name="goalMetric">CONVERSION</camunda:inputParameter>
                  </camunda:inputOutput></bpmn:extensionElements>
                </bpmn:serviceTask>
                <bpmn:exclusiveGateway id="Gateway_WhichArm" />
                <bpmn:sendTask id="Task_SendSubjectB" camunda:asyncBefore="true" \
                camunda:delegateExpression="${sendEmail}">
                  <bpmn:extensionElements><camunda:inputOutput>
                    <camunda:inputParameter name="template">relaunch-2</camunda:inputParameter>
                    <camunda:inputParameter name="withOffer">false</camunda:inputParameter>
                  </camunda:inputOutput></bpmn:extensionElements>
                </bpmn:sendTask>
                <bpmn:sequenceFlow id="Flow_ToWhichArm" sourceRef="Task_SplitSubject" targetRef="Gateway_WhichArm" />
                <bpmn:sequenceFlow id="Flow_ArmA" sourceRef="Gateway_WhichArm" targetRef="Task_SendMissYouEmail">
                  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${variantArm == 'A'}\
                </bpmn:conditionExpression>
                </bpmn:sequenceFlow>
                <bpmn:sequenceFlow id="Flow_ArmB" sourceRef="Gateway_WhichArm" targetRef="Task_SendSubjectB">
                  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${variantArm == 'B'}\
                </bpmn:conditionExpression>
                </bpmn:sequenceFlow>
                <bpmn:sequenceFlow id="Flow_SentB" sourceRef="Task_SendSubjectB" targetRef="Gateway_MessageSent" />
                """;
        String changed = shipped
                .replace("sourceRef=\"Gateway_SlotReady\" targetRef=\"Task_SendMissYouEmail\"",
                        "sourceRef=\"Gateway_SlotReady\" targetRef=\"Task_SplitSubject\"")
                .replace("<bpmn:incoming>Flow_ToSendMissYouEmail</bpmn:incoming>",
                        "<bpmn:incoming>Flow_ArmA</bpmn:incoming>")
                .replace("</bpmn:process>", split + "</bpmn:process>");
        assertThat(changed).contains("targetRef=\"Task_SplitSubject\"").contains("Flow_ArmA</bpmn:incoming>");
        return changed;
    }

    private static String template(String arm) {
        return arm.equals("A") ? "winback-miss-you" : "relaunch-2";
    }

    private static String request(String journey, String personaFields) {
        return "{\"journey\":\"" + journey + "\",\"persona\":{\"locale\":\"en\",\"emailConsent\":true"
                + personaFields + "},\"timeline\":[],\"horizonDays\":20}";
    }

    /** A simulation with these extra persona fields, no timeline, 20 days: the first messages. */
    private JsonNode simulatePersona(Api api, String journey, String personaFields) {
        Api.Response response = api.post("/api/simulations", request(journey, personaFields));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private JsonNode simulate(Api api, String journey, String timeline) {
        Api.Response response = api.post("/api/simulations", "{\"journey\":\"" + journey + "\",\"persona\":"
                + "{\"locale\":\"en\",\"emailConsent\":true},\"timeline\":" + timeline + ",\"horizonDays\":200}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }
}
