package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * What a stranger can send to the packaged jar, each found by trying it from outside (issue 14): refused with a
 * problem, nothing stored, no stack trace in the log, nothing reaching the engine unauthenticated. Runs once, on the
 * build's default database: none of it depends on the database.
 */
class HostileInputIT extends OutsideInTest {

    @Test
    void pathTricksAreRefusedBeforeTheEngineAndLogNoStackTrace() {
        for (String path : new String[] {"/engine-rest;x=1/user", "/./engine-rest/user", "/camunda/../engine-rest/user",
                "/engine-rest//user", "/%2e/engine-rest/user"}) {
            var answer = anonymous.get(path);

            assertThat(answer.status()).as(path + " " + answer.body()).isEqualTo(400);
            assertThat(answer.contentType()).as(path).startsWith("application/problem+json");
        }
        assertThat(app.logText()).doesNotContain("Invalid contextPath").doesNotContain("\tat org.springframework");
    }

    @Test
    void jsonIsReadAsWritten() {
        long contact = signUp("oi-strict", "stella@example.com", "Stella", "en");
        String who = "{\"contactId\":" + contact + ",";

        event(who + "\"type\":\"VISIT\",\"type\":\"PURCHASE\",\"amount\":10}").expect(400);
        event(who + "\"type\":\"VISIT\\u0000\"}").expect(400);
        event(who + "\"type\":\"VISIT\",\"occurredAt\":\"-10000-01-01T00:00:00Z\"}").expect(400);
        event(who + "\"type\":\"VISIT\",\"occurredAt\":1e1000000000}").expect(400);
        event(who + "\"type\":\"VISIT\",\"eventId\":\"order-9\"}").expect(202);
        var reused = event(who + "\"type\":\"PURCHASE\",\"eventId\":\"order-9\",\"amount\":25}");

        reused.expect(409);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(contact(contact).get("purchaseCount").asInt()).as("no purchase stored").isZero();
        assertThat(api.get("/error").status()).isEqualTo(404);

        var multipart = api.post("/api/contacts", "multipart/form-data; boundary=b",
                "--b\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nx@example.com\r\n--b--\r\n"
                        .getBytes(StandardCharsets.UTF_8));
        multipart.expect(415);
        assertThat(multipart.contentType()).startsWith("application/problem+json");
        var absurd = api.postJson("/api/simulations", "{\"journey\":\"new-signup-relaunch\",\"persona\":"
                + "{\"firstName\":\"Eve\",\"locale\":\"fr\"},\"timeline\":[{\"day\":3,\"type\":\"PURCHASE\","
                + "\"amount\":1e1000000000}]}");
        absurd.expect(400);
        assertThat(absurd.body()).contains("amount");
    }

    @Test
    void aLookAlikeAddressIsRefusedAndNothingIsSentToIt() {
        var lookAlike = api.postJson("/api/contacts", "{\"externalId\":\"oi-homograph\",\"email\":\"marie@ex\\u0430mple"
                + ".com\",\"firstName\":\"Marie\",\"locale\":\"fr\",\"emailConsent\":true,\"smsConsent\":false}");

        lookAlike.expect(400);
        assertThat(lookAlike.body()).contains("email");
        api.get("/api/contacts?externalId=oi-homograph").expect(404);
    }

    @Test
    void ourPagesCarryAContentSecurityPolicy() throws Exception {
        var http = HttpClient.newHttpClient();
        for (String path : new String[] {"/dashboard/index.html", "/unsubscribe/not.atoken"}) {
            var response = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            ("admin:" + PackagedApp.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.discarding());

            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
        }
    }

    @Test
    void theEmbeddedDatabaseIsTheOwnersOnlyAndAWeakProductionSecretDoesNotStart() throws Exception {
        if (database() == Database.H2) {
            Path data = Path.of("target", "outside-in", name(), "data");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        }
        assertThatThrownBy(() -> PackagedApp.start(name() + "-weak", Map.of("SPRING_PROFILES_ACTIVE", "postgres",
                "REKINDLE_ADMIN_PASSWORD", "admin"))).hasMessageContaining("exited");
        assertThat(Files.readString(Path.of("target", "outside-in", name() + "-weak.log")))
                .contains("REKINDLE_ADMIN_PASSWORD is a well-known password");
    }
}
