package io.rekindle.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rekindle.support.Api;

import org.junit.jupiter.api.Test;
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
