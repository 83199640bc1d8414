package io.rekindle.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.rekindle.support.Api;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A system calling the API with HTTP Basic opens no session: no {@code JSESSIONID} comes back, and a client that keeps
 * cookies (as Apache HttpClient behind RestTemplate, python's {@code requests.Session} or {@code curl -b -c} do) is
 * served on its second change as on its first, not asked for a CSRF token. The login form still opens a session that
 * reads the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class MachineClientSessionsTest {

    @LocalServerPort
    int port;

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Test
    void anHttpBasicCallOpensNoSession() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(
                "/api/kpis"))).header("Authorization", Api.basic(Api.USER, Api.PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID="));
    }

    @Test
    void aSystemThatKeepsCookiesPostsAgainAndAgain() throws Exception {
        var cookies = new CookieManager();
        var http = HttpClient.newBuilder().cookieHandler(cookies).build();
        String signUp = "{\"externalId\":\"cookie-keeper\",\"email\":\"keeper@example.com\",\"firstName\":\"Kim\","
                + "\"locale\":\"en\",\"emailConsent\":true,\"smsConsent\":false}";

        assertThat(post(http, "/api/contacts", signUp)).isEqualTo(201);
        for (int i = 1; i <= 3; i++) {
            assertThat(post(http, "/api/events", "{\"externalId\":\"cookie-keeper\",\"type\":\"VISIT\",\"eventId\":"
                    + "\"cookie-keeper-" + i + "\"}")).as("event " + i).isEqualTo(202);
        }
        assertThat(names(cookies)).doesNotContain("JSESSIONID");
    }

    @Test
    void theLoginFormStillOpensASessionThatReadsTheApi() throws Exception {
        var cookies = new CookieManager();
        var http = HttpClient.newBuilder().cookieHandler(cookies).build();
        http.send(HttpRequest.newBuilder(URI.create(url("/login"))).build(), HttpResponse.BodyHandlers.discarding());
        String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .findFirst().orElseThrow().getValue();

        HttpResponse<Void> login = http.send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", token)
                .POST(HttpRequest.BodyPublishers.ofString("username=" + Api.USER + "&password="
                        + URLEncoder.encode(Api.PASSWORD, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(
                "/dashboard"));
        assertThat(names(cookies)).contains("JSESSIONID");
        HttpResponse<String> kpis = http.send(HttpRequest.newBuilder(URI.create(url("/api/kpis"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(kpis.statusCode()).as("the session alone, no credentials").isEqualTo(200);
        assertThat(kpis.body()).contains("byStep");
    }

    private int post(HttpClient http, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .header("Authorization", Api.basic(Api.USER, Api.PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static List<String> names(CookieManager cookies) {
        return cookies.getCookieStore().getCookies().stream().map(HttpCookie::getName).toList();
    }
}
