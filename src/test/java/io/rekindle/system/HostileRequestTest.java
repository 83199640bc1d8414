package io.rekindle.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.rekindle.support.Api;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** Requests no client of ours sends, that used to get a 500: each is a 4xx problem now. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class HostileRequestTest {

    @LocalServerPort
    int port;

    @Test
    void aMultipartBodyOnTheJsonApiIsUnsupportedMediaType() {
        Api.Response answer = new Api(port).post("/api/contacts",
                "--b\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nx@example.com\r\n--b--\r\n",
                "multipart/form-data; boundary=b", Api.basic(Api.USER, Api.PASSWORD));

        assertThat(answer.status()).as(answer.body()).isEqualTo(415);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aLookAlikeAddressIsRefusedAndAnInternationalDomainStoredAsMailWillGoThere() {
        Api api = new Api(port);
        Api.Response lookAlike = api.post("/api/contacts", signUp("look-alike-1", "marie@ex\u0430mple.com"));

        assertThat(lookAlike.status()).as(lookAlike.body()).isEqualTo(400);
        assertThat(lookAlike.body()).contains("email");
        assertThat(api.get("/api/contacts?externalId=look-alike-1").status()).isNotEqualTo(200);

        Api.Response international = api.post("/api/contacts", signUp("idn-1", "marie@caf\u00e9.fr"));
        assertThat(international.status()).as(international.body()).isEqualTo(201);
        assertThat(international.json().get("email").asText()).isEqualTo("marie@xn--caf-dma.fr");
    }

    private static String signUp(String externalId, String email) {
        return "{\"externalId\":\"" + externalId + "\",\"email\":\"" + email + "\",\"firstName\":\"Marie\","
                + "\"locale\":\"fr\",\"emailConsent\":true,\"smsConsent\":false}";
    }

    @Test
    void pathTricksDoNotReachTheEngineWithoutCredentials() {
        for (String path : new String[] {"/engine-rest;x=1/user", "/./engine-rest/user", "/camunda/../engine-rest/user",
                "/engine-rest/./user", "/api;x=1/contacts?externalId=x", "/engine-rest//user", "/%2e/engine-rest/user",
                "/engine-rest%2fuser", "/engine-rest/user;jsessionid=1"}) {
            Api.Response answer = new Api(port).get(path, null);

            org.slf4j.LoggerFactory.getLogger(getClass()).warn("PATH {} -> {} {}", path, answer.status(), answer.body());
            assertThat(answer.status()).as(path + " " + answer.body()).isIn(400, 401, 404);
            assertThat(answer.body()).as(path).doesNotContain("\"id\"");
        }
    }

    @Test
    void ourPagesCarryAContentSecurityPolicy() throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        for (String path : new String[] {"/dashboard/index.html", "/simulator/index.html", "/unsubscribe/forged.token"}) {
            var response = client.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", Api.basic(Api.USER, Api.PASSWORD)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());

            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'")
                            .contains("frame-ancestors 'none'").doesNotContain("unsafe-eval"));
        }
    }

    @Test
    void theErrorPathAskedDirectlyIsNotAServerError() {
        Api.Response answer = new Api(port).get("/error");

        assertThat(answer.status()).as(answer.body()).isBetween(400, 499);
    }

    @Test
    void anAbsurdAmountInASimulationIsRefused() {
        Api.Response answer = new Api(port).post("/api/simulations", "{\"journey\":\"new-signup-relaunch\","
                + "\"persona\":{\"firstName\":\"Eve\",\"locale\":\"fr\"},"
                + "\"timeline\":[{\"day\":3,\"type\":\"PURCHASE\",\"amount\":1e1000000000}]}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).contains("amount");
    }
}
