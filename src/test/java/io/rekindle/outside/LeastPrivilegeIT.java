package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import io.rekindle.support.Api;
import io.rekindle.support.HeadlessChromium;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What an attacker tried against the packaged jar (issue 14), each refused now: a user in no group reading personal
 * data, making himself administrator, taking the administrator's password, deploying code; an analyst deploying a
 * BPMN; a page of another site riding the operator's login in a real browser; wrong passwords locking an account;
 * an open reported for a message still waiting in the outbox. Runs once, on the build's default database.
 */
class LeastPrivilegeIT extends OutsideInTest {

    private static final String PASSWORD = "Least-privilege-2026";

    /** Email off (the embedded default's own setting): every message stays PENDING in the outbox. */
    @Override
    Map<String, String> settings() {
        return Map.of("REKINDLE_MAIL_ENABLED", "false");
    }

    private Client user(String name, String group) {
        api.postJson("/engine-rest/user/create", "{\"profile\":{\"id\":\"" + name + "\",\"firstName\":\"" + name
                + "\",\"lastName\":\"Test\",\"email\":\"" + name + "@example.com\"},\"credentials\":{\"password\":\""
                + PASSWORD + "\"}}").expect(204);
        if (group != null) {
            api.putJson("/engine-rest/group/" + group + "/members/" + name, "").expect(204);
        }
        return new Client(app.baseUrl(), name, PASSWORD);
    }

    private static final String BPMN = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs_%1$s"
                xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://rekindle.io/test">
              <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="P1D">
                <bpmn:startEvent id="StartEvent_1" />
                <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_Peek" />
                <bpmn:serviceTask id="Task_Peek" camunda:expression="${execution.setVariable('peek',
                    environment.getProperty('rekindle.security.link-secret'))}" />
                <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Peek" targetRef="EndEvent_1" />
                <bpmn:endEvent id="EndEvent_1" />
              </bpmn:process>
            </bpmn:definitions>
            """;

    private static Client.Response deploy(Client who, String key) {
        return who.postMultipart("/engine-rest/deployment/create", Map.of("deployment-name", key,
                "deployment-source", "Camunda Modeler"), List.of(new Client.FilePart(key + ".bpmn", "text/xml",
                BPMN.formatted(key).getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aUserInNoGroupGetsNothing() {
        long marie = signUp("lp-marie", "marie@example.com", "Marie", "fr");
        Client bob = user("bob", null);

        bob.get("/api/contacts/" + marie).expect(403);
        bob.get("/api/contacts?externalId=lp-marie").expect(403);
        bob.get("/engine-rest/user").expect(403);
        bob.putJson("/engine-rest/group/camunda-admin/members/bob", "").expect(403);
        bob.putJson("/engine-rest/user/admin/credentials", "{\"password\":\"Taken-over-2026\","
                + "\"authenticatedUserPassword\":\"" + PASSWORD + "\"}").expect(403);
        deploy(bob, "Peek_Bob").expect(403);

        assertThat(api.get("/engine-rest/group/camunda-admin/members").status()).isNotEqualTo(403);
        assertThat(api.get("/engine-rest/user?memberOfGroup=camunda-admin").expect(200).json()
                .findValuesAsText("id")).containsExactly("admin");
        api.get("/api/kpis").expect(200); // the administrator's password still works
        assertThat(api.get("/engine-rest/process-definition?key=Peek_Bob").expect(200).json()).isEmpty();
    }

    @Test
    void eachRoleDoesItsPartOnly() {
        Client marketer = user("marketer", "marketing-ops");
        Client analyst = user("analyst", "analyst");
        Client crm = user("crm", "integration");

        // an analyst deploys decision tables, never a BPMN; marketing ops deploy journeys
        deploy(analyst, "Peek_Analyst").expect(403);
        deploy(marketer, "Peek_Marketer").expect(200);
        // and even their BPMN cannot read a secret through an expression (the app starts journeys, not people: an
        // administrator tries it)
        marketer.postJson("/engine-rest/process-definition/key/Peek_Marketer/start", "{}").expect(403);
        var started = api.postJson("/engine-rest/process-definition/key/Peek_Marketer/start", "{}");
        assertThat(started.status()).isNotEqualTo(200);
        assertThat(started.body()).contains("environment").doesNotContain(PackagedApp.LINK_SECRET);

        // the company's systems post contacts and events, and read nothing
        long paul = signUp(crm, "lp-paul", "paul@example.com", "Paul", "fr");
        crm.get("/api/contacts/" + paul).expect(403);
        crm.get("/engine-rest/process-definition").expect(403);
        marketer.get("/api/contacts/" + paul).expect(403);
        marketer.postJson("/api/gdpr/erasures", "{}").expect(403);
        analyst.postJson("/api/contacts", "{\"externalId\":\"lp-x\",\"email\":\"x@example.com\",\"firstName\":\"X\","
                + "\"locale\":\"fr\",\"emailConsent\":true}").expect(403);
        // Cockpit for marketing ops and analysts, Tasklist for customer service, Admin for administrators only
        assertThat(webappLogin("marketer", "cockpit")).isEqualTo(200);
        assertThat(webappLogin("marketer", "admin")).isEqualTo(403);
        assertThat(webappLogin("crm", "cockpit")).isEqualTo(403);
        assertThat(webappLogin("crm", "tasklist")).isEqualTo(403);
        user("agentsmith", "customer-service");
        assertThat(webappLogin("agentsmith", "tasklist")).isEqualTo(200);
        assertThat(webappLogin("agentsmith", "cockpit")).isEqualTo(403);
    }

    /** The webapps' own login, as their login page sends it (with the token of their CSRF filter). */
    private int webappLogin(String user, String webapp) {
        var cookies = new CookieManager();
        var http = HttpClient.newBuilder().cookieHandler(cookies).build();
        try {
            http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/camunda/app/" + webapp + "/default/"))
                    .build(), HttpResponse.BodyHandlers.discarding());
            String token = cookies.getCookieStore().getCookies().stream()
                    .filter(c -> c.getName().equals("XSRF-TOKEN")).findFirst().orElseThrow().getValue();
            return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl()
                                    + "/camunda/api/admin/auth/user/default/login/" + webapp))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("X-XSRF-TOKEN", token)
                            .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + PASSWORD))
                            .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The company's system, through an HTTP client that keeps cookies as most do by default: every change it posts
     * is served, and none of its calls opens a session on the node (each one used to, and its second change was then
     * asked for a CSRF token).
     */
    @Test
    void aSystemThatKeepsCookiesPostsAsOftenAsItLikesAndOpensNoSession() {
        user("crmcookies", "integration");
        double sessions = sessionsCreated();
        var cookies = new CookieManager();
        var http = HttpClient.newBuilder().cookieHandler(cookies).build();

        assertThat(postAs(http, "crmcookies", "/api/contacts", "{\"externalId\":\"lp-keeper\",\"email\":"
                + "\"keeper@example.com\",\"firstName\":\"Kim\",\"locale\":\"en\",\"emailConsent\":true,"
                + "\"smsConsent\":false}")).isEqualTo(201);
        for (int i = 1; i <= 5; i++) {
            assertThat(postAs(http, "crmcookies", "/api/events", "{\"externalId\":\"lp-keeper\",\"type\":"
                    + "\"VISIT\",\"eventId\":\"lp-keeper-" + i + "\"}")).as("event " + i).isEqualTo(202);
        }
        assertThat(cookies.getCookieStore().getCookies()).noneMatch(c -> c.getName().equals("JSESSIONID"));
        assertThat(sessionsCreated()).as("sessions the node opened").isEqualTo(sessions);
    }

    /** A JSON post with HTTP Basic through {@code http} (and its cookies); returns the status. */
    private int postAs(HttpClient http, String user, String path, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                    .header("Content-Type", "application/json").header("Authorization", Api.basic(user, PASSWORD))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private double sessionsCreated() {
        return api.get("/actuator/metrics/tomcat.sessions.created").expect(200).json().get("measurements").get(0)
                .get("value").asDouble();
    }

    @Test
    void wrongPasswordsSlowTheSourceDownAndNeverLockTheAccount() {
        user("victim", "viewer");
        for (int attempt = 1; attempt <= 12; attempt++) {
            int status = new Client(app.baseUrl(), "victim", "guess-" + attempt).get("/api/kpis").status();
            assertThat(status).isIn(401, 429);
        }
        var waiting = new Client(app.baseUrl(), "victim", PASSWORD).get("/api/kpis");
        waiting.expect(429);
        assertThat(waiting.contentType()).startsWith("application/problem+json");

        api.postJson("/engine-rest/user/victim/unlock", "").expect(204);
        api.delete("/api/login-throttles/victim").expect(204);
        // 12 wrong passwords: the engine's default locked the account for good at the 10th
        new Client(app.baseUrl(), "victim", PASSWORD).get("/api/kpis").expect(200);
    }

    @Test
    void anOpenForAMessageStillInTheOutboxIsRefusedAndTheJourneyGoesOn() {
        long lea = signUp("lp-lea", "lea@example.com", "Léa", "fr");
        String relaunch = operator.instanceOf("new-signup-relaunch", lea);
        operator.fireTimer(relaunch, "Timer_J30");
        await("relaunch 1 in the outbox", () -> outbox(lea).size() == 1);
        long message = outbox(lea).get(0).get("id").asLong();

        var opened = event("{\"contactId\":" + lea + ",\"type\":\"EMAIL_OPENED\",\"messageId\":" + message + "}");

        opened.expect(422);
        assertThat(opened.contentType()).startsWith("application/problem+json");
        assertThat(operator.timer(relaunch, "Timer_J37")).as("the journey still waits for relaunch 2").isPresent();
        assertThat(operator.state(relaunch)).isEqualTo("ACTIVE");
    }

    @Test
    void aPageOfAnotherSiteCannotRideTheOperatorsLogin() throws Exception {
        int deployments = api.get("/engine-rest/deployment").expect(200).json().size();
        int erasureRuns = erasureRuns();
        int classificationRuns = api.get("/api/classification/runs").expect(200).json().size();
        // the attacker's page, on another site (localhost is not 127.0.0.1): forms and a multipart upload to the app
        String target = app.baseUrl();
        String page = """
                <html><body>
                <form id="erasure" method="post" action="%1$s/api/gdpr/erasures" target="f1"></form>
                <form id="classification" method="post" action="%1$s/api/classification/runs" target="f2"></form>
                <iframe name="f1"></iframe><iframe name="f2"></iframe>
                <script>
                  document.getElementById('erasure').submit();
                  document.getElementById('classification').submit();
                  const form = new FormData();
                  form.append('deployment-name', 'Peek_Foreign');
                  form.append('Peek_Foreign.bpmn', new Blob([%2$s], {type: 'text/xml'}), 'Peek_Foreign.bpmn');
                  fetch('%1$s/engine-rest/deployment/create', {method: 'POST', mode: 'no-cors',
                      credentials: 'include', body: form})
                    .finally(() => setTimeout(() => document.title = 'done', 2000));
                </script></body></html>
                """.formatted(target, toJsString(BPMN.formatted("Peek_Foreign")));
        HttpServer foreign = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        foreign.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        foreign.start();
        WebDriver browser = HeadlessChromium.start("a foreign page riding the operator's login");
        try {
            // the operator logs in to the dashboard, as every morning
            HeadlessChromium.openLoggedIn(browser, target + "/dashboard", "admin", PackagedApp.ADMIN_PASSWORD);
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> b.getCurrentUrl().contains("/dashboard"));

            // then opens a page of another site in the same browser
            browser.get("http://localhost:" + foreign.getAddress().getPort() + "/");
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> "done".equals(b.getTitle()));

            // the operator's session was alive all along: our own page still reads the API with it
            browser.get(target + "/api/kpis");
            assertThat(browser.getPageSource()).contains("byStep");
        } finally {
            browser.quit();
            foreign.stop(0);
        }
        assertThat(erasureRuns()).as("no erasure run").isEqualTo(erasureRuns);
        assertThat(api.get("/api/classification/runs").expect(200).json().size()).as("no classification run")
                .isEqualTo(classificationRuns);
        assertThat(api.get("/engine-rest/deployment").expect(200).json().size()).as("no deployment")
                .isEqualTo(deployments);
    }

    private int erasureRuns() {
        return api.get("/engine-rest/history/process-instance?processDefinitionKey=gdpr-erasure").expect(200).json()
                .size();
    }

    private static String toJsString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }
}
