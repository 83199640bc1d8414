package io.rekindle.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rekindle.engine.Role;
import io.rekindle.support.Api;
import io.rekindle.support.HeadlessChromium;
import io.rekindle.support.RekindleIntegrationTest;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The API's description is the API: every {@code /api} route the running app maps is in {@code /v3/api-docs} with its
 * method, and each problem status documented for the company's two calls and the contact read is one the API really
 * answers, as {@code application/problem+json}, to a request made to get it. The description is for users only.
 */
@RekindleIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocsTest {

    private static final String PASSWORD = "Docs-password-2026";
    private static final String THROTTLED = "docsthrottled";
    /** The database outage answers 503 on every route: proven against a real PostgreSQL restart there. */
    private static final Set<Integer> PROVEN_ELSEWHERE = Set.of(503);

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identity;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Api api;
    private JsonNode docs;

    @BeforeAll
    void setUp() {
        api = new Api(port);
        user("docsviewer", Role.VIEWER);
        user("docscrm", Role.INTEGRATION);
        user("docsnobody", null);
        user(THROTTLED, Role.INTEGRATION);
        var answer = api.get("/v3/api-docs");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        docs = answer.json();
        try {
            // for a reader of this build: the description as served
            Files.writeString(Path.of("target", "api-docs.json"), json.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(docs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void forgiveTheThrottledAccount() {
        api.send("DELETE", "/api/login-throttles/" + THROTTLED, null, null, Api.basic(Api.USER, Api.PASSWORD));
    }

    private void user(String name, Role role) {
        if (identity.createUserQuery().userId(name).count() == 0) {
            var user = identity.newUser(name);
            user.setPassword(PASSWORD);
            identity.saveUser(user);
            if (role != null) {
                identity.createMembership(name, role.groupId());
            }
        }
    }

    @Test
    void everyApiRouteOfTheRunningAppIsDocumentedWithItsProblems() {
        List<String> routes = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> info.getPathPatternsCondition().getPatternValues()
                .stream().filter(p -> p.startsWith("/api/"))
                .forEach(path -> info.getMethodsCondition().getMethods()
                        .forEach(method -> routes.add(method.name() + " " + path))));
        assertThat(routes).as("the handlers read").hasSizeGreaterThanOrEqualTo(19)
                .contains("POST /api/contacts", "POST /api/events", "GET /api/contacts/{id}");

        List<String> wrong = new ArrayList<>();
        for (String route : routes) {
            String[] parts = route.split(" ");
            JsonNode operation = docs.path("paths").path(parts[1]).path(parts[0].toLowerCase());
            if (operation.isMissingNode()) {
                wrong.add(route + ": not documented");
                continue;
            }
            if (operation.path("summary").asText().isBlank()) {
                wrong.add(route + ": no summary");
            }
            operation.path("responses").fields().forEachRemaining(response -> {
                boolean problem = response.getKey().startsWith("4") || response.getKey().startsWith("5");
                JsonNode content = response.getValue().path("content");
                if (problem && !content.path(ApiDocs.PROBLEM_JSON).path("schema").path("$ref").asText()
                        .endsWith("/Problem")) {
                    wrong.add(route + " " + response.getKey() + ": not an application/problem+json Problem");
                }
                if (!problem && content.size() > 0 && !content.has("application/json")) {
                    wrong.add(route + " " + response.getKey() + ": success without its JSON schema " + content);
                }
            });
            if (!documentedProblems(operation).containsAll(Set.of(401, 403, 429, 503))) {
                wrong.add(route + ": misses the filters' problems " + documentedProblems(operation));
            }
        }
        assertThat(wrong).isEmpty();
        docs.path("paths").fieldNames().forEachRemaining(path -> assertThat(path).startsWith("/api/"));
        assertThat(docs.path("components").path("securitySchemes").path("basic").path("scheme").asText())
                .isEqualTo("basic");
        JsonNode signUp = docs.path("paths").path("/api/contacts").path("post");
        assertThat(signUp.path("requestBody").path("content").path("application/json").path("schema").path("$ref")
                .asText()).endsWith("/SignUpRequest");
        assertThat(signUp.path("responses").path("201").path("content").path("application/json").path("schema")
                .path("$ref").asText()).endsWith("/Contact");
        // two nested types named Report: each keeps its own schema
        assertThat(schemaOf("/api/kpis", "get").path("properties").has("totals")).isTrue();
        assertThat(schemaOf("/api/journeys/{journey}/migrations", "post").path("properties").has("targetVersion"))
                .isTrue();
        assertThat(docs.path("components").path("schemas").path("SignUpRequest").path("required"))
                .extracting(JsonNode::asText).contains("externalId", "email", "firstName", "locale");
    }

    private JsonNode schemaOf(String path, String method) {
        String ref = docs.path("paths").path(path).path(method).path("responses").path("200").path("content")
                .path("application/json").path("schema").path("$ref").asText();
        return docs.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
    }

    @Test
    void theExamplesAreTheReadmesCurlLines() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (String path : List.of("/api/contacts", "/api/events")) {
            Matcher curl = Pattern.compile("curl [^\\n]*localhost:8080" + Pattern.quote(path) + " -d '([^']*)'")
                    .matcher(readme);
            assertThat(curl.find()).as("README's curl line for " + path).isTrue();
            JsonNode documented = docs.path("paths").path(path).path("post").path("requestBody").path("content")
                    .path("application/json").path("examples").path("readme").path("value");
            assertThat(documented).as(path).isEqualTo(json.readTree(curl.group(1)));
        }
    }

    @Test
    void theDocumentedProblemsOfASignUpAreWhatItAnswers() {
        String signUp = "{\"externalId\":\"docs-1\",\"email\":\"docs@example.com\",\"firstName\":\"Dora\","
                + "\"locale\":\"en\",\"emailConsent\":true,\"smsConsent\":false}";
        Map<Integer, Supplier<Api.Response>> probes = new LinkedHashMap<>();
        probes.put(400, () -> admin("POST", "/api/contacts", signUp.replace("docs@example.com", "docs@nowhere"),
                "application/json"));
        probes.put(401, () -> api.send("POST", "/api/contacts", signUp, "application/json", null));
        probes.put(403, () -> as("docsviewer", "POST", "/api/contacts", signUp, "application/json"));
        probes.put(413, () -> admin("POST", "/api/contacts", tooLarge(), "application/json"));
        probes.put(415, () -> admin("POST", "/api/contacts", signUp, "text/plain"));
        probes.put(429, () -> throttled("POST", "/api/contacts", signUp, "application/json"));
        assertAnswers("POST", "/api/contacts", probes);
    }

    @Test
    void theDocumentedProblemsOfAnEventAreWhatItAnswers() {
        var contact = admin("POST", "/api/contacts", "{\"externalId\":\"docs-2\",\"email\":\"docs2@example.com\","
                + "\"firstName\":\"Dora\",\"locale\":\"en\",\"emailConsent\":true,\"smsConsent\":false}",
                "application/json");
        assertThat(contact.status()).as(contact.body()).isIn(200, 201);
        String visit = "{\"externalId\":\"docs-2\",\"type\":\"VISIT\",\"eventId\":\"docs-visit-1\"}";
        assertThat(admin("POST", "/api/events", visit, "application/json").status()).isIn(200, 202);

        Map<Integer, Supplier<Api.Response>> probes = new LinkedHashMap<>();
        probes.put(400, () -> admin("POST", "/api/events", "{\"externalId\":\"docs-2\",\"type\":\"NAP\"}",
                "application/json"));
        probes.put(401, () -> api.send("POST", "/api/events", visit, "application/json", null));
        probes.put(403, () -> as("docsviewer", "POST", "/api/events", visit, "application/json"));
        probes.put(404, () -> admin("POST", "/api/events", "{\"externalId\":\"docs-nobody\",\"type\":\"VISIT\"}",
                "application/json"));
        probes.put(409, () -> admin("POST", "/api/events", "{\"externalId\":\"docs-2\",\"type\":\"PURCHASE\","
                + "\"amount\":12.50,\"eventId\":\"docs-visit-1\"}", "application/json"));
        probes.put(413, () -> admin("POST", "/api/events", tooLarge(), "application/json"));
        probes.put(415, () -> admin("POST", "/api/events", visit, "text/plain"));
        probes.put(422, () -> admin("POST", "/api/events", "{\"externalId\":\"docs-2\",\"type\":\"EMAIL_OPENED\","
                + "\"messageId\":987654321}", "application/json"));
        probes.put(429, () -> throttled("POST", "/api/events", visit, "application/json"));
        assertAnswers("POST", "/api/events", probes);
    }

    @Test
    void theDocumentedProblemsOfAContactReadAreWhatItAnswers() {
        Map<Integer, Supplier<Api.Response>> probes = new LinkedHashMap<>();
        probes.put(400, () -> admin("GET", "/api/contacts/twelve", null, null));
        probes.put(401, () -> api.send("GET", "/api/contacts/1", null, null, null));
        probes.put(403, () -> as("docscrm", "GET", "/api/contacts/1", null, null));
        probes.put(404, () -> admin("GET", "/api/contacts/987654321", null, null));
        probes.put(429, () -> throttled("GET", "/api/contacts/1", null, null));
        assertAnswers("GET", "/api/contacts/{id}", probes);
    }

    @Test
    void theDescriptionIsForUsersWithARole() {
        for (String path : List.of("/v3/api-docs", "/v3/api-docs.yaml")) {
            var anonymous = api.send("GET", path, null, null, null);
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.contentType()).startsWith(ApiDocs.PROBLEM_JSON);
            assertThat(as("docsnobody", "GET", path, null, null).status()).as("no role").isEqualTo(403);
            var viewer = as("docsviewer", "GET", path, null, null);
            assertThat(viewer.status()).as(path).isEqualTo(200);
            assertThat(viewer.body()).contains("/api/contacts");
        }
        var page = api.send("GET", "/swagger-ui/index.html", null, null, null);
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).endsWith("/login");
    }

    /**
     * The Swagger UI in Debian's headless Chromium, under our pages' Content-Security-Policy (scripts from our origin
     * only, none inline): it asks for the login form, then shows every operation, and "Try it out" sends the session's
     * CSRF token with a change (without it, the same call is refused).
     */
    @Test
    void theSwaggerUiWorksUnderThePagePolicy() throws Exception {
        var index = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/swagger-ui/index.html"))
                .header("Authorization", Api.basic(Api.USER, Api.PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Security-Policy")).contains(SecurityConfig.PAGE_POLICY);
        WebDriver browser = HeadlessChromium.start("the Swagger UI");
        try {
            HeadlessChromium.openLoggedIn(browser, "http://127.0.0.1:" + port + "/swagger-ui.html");
            var js = (JavascriptExecutor) browser;
            int operations = 0;
            for (JsonNode path : docs.path("paths")) {
                operations += path.size();
            }
            int expected = operations;
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> ((Number) js.executeScript(
                    "return document.querySelectorAll('.opblock').length")).intValue() == expected);
            assertThat(browser.getCurrentUrl()).contains("/swagger-ui/index.html");

            String change = "var done = arguments[arguments.length - 1];"
                    + "var request = {url: '/api/journeys/docs-nope/migrations', method: 'POST', headers: {}};"
                    + "if (arguments[0]) { request = window.ui.getConfigs().requestInterceptor(request); }"
                    + "Promise.resolve(request).then(r => fetch(r.url, {method: 'POST', headers: r.headers}))"
                    + ".then(a => done(a.status), e => done(String(e)));";
            assertThat(js.executeAsyncScript(change, true)).as("with the UI's CSRF token: through to the API")
                    .isEqualTo(404L);
            assertThat(js.executeAsyncScript(change, false)).as("without it").isEqualTo(403L);

            List<String> refused = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::getMessage).filter(m -> m.contains("Content Security Policy")).toList();
            assertThat(refused).isEmpty();
            Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                    Path.of("target", "swagger-ui.png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
        }
    }

    private void assertAnswers(String method, String path, Map<Integer, Supplier<Api.Response>> probes) {
        JsonNode operation = docs.path("paths").path(path).path(method.toLowerCase());
        Set<Integer> documented = documentedProblems(operation);
        documented.removeAll(PROVEN_ELSEWHERE);
        assertThat(probes.keySet()).as("a request for each documented problem of " + method + " " + path)
                .containsExactlyInAnyOrderElementsOf(documented);
        for (var probe : probes.entrySet()) {
            Api.Response answer = probe.getValue().get();
            assertThat(answer.status()).as(method + " " + path + " for a " + probe.getKey() + ": " + answer.body())
                    .isEqualTo(probe.getKey());
            assertThat(answer.contentType()).as(method + " " + path + " " + probe.getKey())
                    .startsWith(ApiDocs.PROBLEM_JSON);
            assertThat(answer.json().path("status").asInt()).isEqualTo(probe.getKey());
            assertThat(answer.json().path("detail").asText()).isNotBlank();
        }
    }

    private static Set<Integer> documentedProblems(JsonNode operation) {
        Set<Integer> statuses = new TreeSet<>();
        operation.path("responses").fieldNames().forEachRemaining(code -> {
            if (Integer.parseInt(code) >= 400) {
                statuses.add(Integer.parseInt(code));
            }
        });
        return statuses;
    }

    private Api.Response admin(String method, String path, String body, String contentType) {
        return api.send(method, path, body, contentType, Api.basic(Api.USER, Api.PASSWORD));
    }

    private Api.Response as(String user, String method, String path, String body, String contentType) {
        return api.send(method, path, body, contentType, Api.basic(user, PASSWORD));
    }

    private static String tooLarge() {
        return "{\"externalId\":\"" + "x".repeat(70_000) + "\"}";
    }

    /**
     * Wrong passwords for one account until the next call waits (429). From 127.0.0.2, a loopback address of its own:
     * the other tests' logins from 127.0.0.1 are not slowed down by these failures.
     */
    private Api.Response throttled(String method, String path, String body, String contentType) {
        for (int attempt = 0; attempt < 10; attempt++) {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.2:" + port + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .header("Authorization", Api.basic(THROTTLED, "wrong-" + attempt));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            try {
                HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 401) {
                    return new Api.Response(answer.statusCode(), answer.headers().firstValue("Content-Type")
                            .orElse(""), null, answer.body(), json);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no 429 after 10 wrong passwords");
    }
}
