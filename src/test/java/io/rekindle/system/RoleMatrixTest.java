package io.rekindle.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.rekindle.engine.Role;
import io.rekindle.support.Api;
import io.rekindle.support.ModelerDeploy;
import io.rekindle.support.RekindleIntegrationTest;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Least privilege, route by route: one user per role (and one in no group) calls every route of our API and every
 * family of the engine REST API; each gets through exactly where its role allows (any answer but 401/403) and is
 * refused (403) everywhere else. Then what an attacker with a plain account tried: making himself administrator,
 * changing the administrator's password, deploying code, reading secrets from an expression.
 */
@RekindleIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleMatrixTest {

    private static final String PASSWORD = "Matrix-password-2026";
    private static final Set<Role> EVERYONE = EnumSet.allOf(Role.class);
    /** every role, but not a user in no group nor anyone anonymous (unlike {@link #EVERYONE}) */
    private static final Set<Role> ANY_ROLE = EnumSet.allOf(Role.class);
    private static final Set<Role> READERS = EnumSet.of(Role.VIEWER, Role.ANALYST, Role.MARKETING_OPS, Role.ADMINISTRATOR);
    private static final Set<Role> ENGINE_USERS = EnumSet.of(Role.MARKETING_OPS, Role.ANALYST, Role.CUSTOMER_SERVICE,
            Role.ADMINISTRATOR);

    private static final Map<Role, String> USER_OF = Map.of(Role.ADMINISTRATOR, "chief", Role.MARKETING_OPS, "marketer",
            Role.ANALYST, "analyst", Role.CUSTOMER_SERVICE, "agent", Role.INTEGRATION, "crm", Role.VIEWER, "viewer");

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identity;
    @Autowired
    ProcessEngine engine;
    @Autowired
    RuntimeService runtime;

    private Api api;
    private String rest;
    /** user name → role (null: no group at all) */
    private final Map<String, Role> users = new LinkedHashMap<>();

    @BeforeAll
    void users() {
        api = new Api(port);
        rest = "/engine-rest/engine/" + engine.getName();
        for (Role role : Role.values()) {
            String name = USER_OF.get(role);
            createUser(name);
            identity.createMembership(name, role.groupId());
            users.put(name, role);
        }
        createUser("bob");
        users.put("bob", null);
        createUser("victim");
    }

    private void createUser(String name) {
        var user = identity.newUser(name);
        user.setPassword(PASSWORD);
        identity.saveUser(user);
    }

    private record Route(String method, String path, String body, String contentType, Set<Role> allowed) {
        static Route of(String method, String path, Set<Role> allowed) {
            return new Route(method, path, null, null, allowed);
        }

        static Route json(String method, String path, String body, Set<Role> allowed) {
            return new Route(method, path, body, "application/json", allowed);
        }
    }

    private List<Route> routes() {
        return List.of(
                Route.json("POST", "/api/contacts", "{\"externalId\":\"matrix\",\"email\":\"matrix@example.com\","
                        + "\"firstName\":\"Max\",\"locale\":\"fr\",\"emailConsent\":true}",
                        EnumSet.of(Role.INTEGRATION, Role.ADMINISTRATOR)),
                Route.json("POST", "/api/events", "{\"externalId\":\"nobody-here\",\"type\":\"VISIT\"}",
                        EnumSet.of(Role.INTEGRATION, Role.ADMINISTRATOR)),
                Route.json("POST", "/api/segment/v1/track", "{\"userId\":\"nobody-here\",\"event\":\"Page Viewed\"}",
                        EnumSet.of(Role.INTEGRATION, Role.ADMINISTRATOR)),
                Route.json("POST", "/api/segment/v1/page", "{\"userId\":\"nobody-here\"}",
                        EnumSet.of(Role.INTEGRATION, Role.ADMINISTRATOR)),
                Route.json("POST", "/api/segment/v1/identify", "{\"userId\":\"nobody-here\",\"traits\":{}}",
                        EnumSet.of(Role.INTEGRATION, Role.ADMINISTRATOR)),
                Route.json("POST", "/api/segment/v1/batch", "{\"batch\":[]}",
                        EnumSet.of(Role.INTEGRATION, Role.ADMINISTRATOR)),
                new Route("POST", "/api/cloudevents", "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/m\","
                        + "\"type\":\"page.viewed\",\"subject\":\"nobody-here\"}", "application/cloudevents+json",
                        EnumSet.of(Role.INTEGRATION, Role.ADMINISTRATOR)),
                new Route("POST", "/api/contacts/imports", "externalId\nmatrix-import\n", "text/csv",
                        EnumSet.of(Role.INTEGRATION, Role.ADMINISTRATOR)),
                Route.of("GET", "/api/contacts/imports/1", EnumSet.of(Role.INTEGRATION, Role.ADMINISTRATOR)),
                Route.of("GET", "/api/contacts/imports/1/rows", EnumSet.of(Role.INTEGRATION, Role.ADMINISTRATOR)),
                Route.of("GET", "/api/contacts/1", EnumSet.of(Role.ADMINISTRATOR)),
                Route.of("GET", "/api/contacts?externalId=matrix", EnumSet.of(Role.ADMINISTRATOR)),
                // changes, history, access and erasure of a person (an unknown id: nobody is erased here)
                Route.json("PATCH", "/api/contacts/999999", "{\"firstName\":\"Max\"}",
                        EnumSet.of(Role.INTEGRATION, Role.ADMINISTRATOR)),
                Route.json("PATCH", "/api/contacts?externalId=nobody-here", "{\"firstName\":\"Max\"}",
                        EnumSet.of(Role.INTEGRATION, Role.ADMINISTRATOR)),
                Route.of("GET", "/api/contacts/999999/history", EnumSet.of(Role.ADMINISTRATOR)),
                Route.of("GET", "/api/contacts/999999/export", EnumSet.of(Role.ADMINISTRATOR)),
                Route.of("DELETE", "/api/contacts/999999", EnumSet.of(Role.ADMINISTRATOR)),
                Route.of("GET", "/api/contacts/1/classification", EnumSet.of(Role.ANALYST, Role.ADMINISTRATOR)),
                Route.of("GET", "/api/contacts/1/pressure",
                        EnumSet.of(Role.ANALYST, Role.MARKETING_OPS, Role.ADMINISTRATOR)),
                Route.of("GET", "/api/classification/runs", EnumSet.of(Role.ANALYST, Role.ADMINISTRATOR)),
                Route.json("POST", "/api/classification/runs", "{}", EnumSet.of(Role.ANALYST, Role.ADMINISTRATOR)),
                Route.of("GET", "/api/experiments", EnumSet.of(Role.ANALYST, Role.MARKETING_OPS, Role.ADMINISTRATOR)),
                Route.of("GET", "/api/experiments/holdout:nope",
                        EnumSet.of(Role.ANALYST, Role.MARKETING_OPS, Role.ADMINISTRATOR)),
                Route.of("GET", "/api/kpis", READERS),
                Route.of("GET", "/api/kpis/journeys", READERS),
                Route.of("GET", "/api/deliverability-ramp", READERS),
                Route.of("GET", "/dashboard", READERS),
                Route.of("GET", "/simulator/index.html", EnumSet.of(Role.MARKETING_OPS, Role.ADMINISTRATOR)),
                Route.json("POST", "/api/simulations", "{\"journey\":\"nope\"}",
                        EnumSet.of(Role.MARKETING_OPS, Role.ADMINISTRATOR)),
                Route.json("POST", "/api/journeys/new-signup-relaunch/migrations", "{}",
                        EnumSet.of(Role.MARKETING_OPS, Role.ADMINISTRATOR)),
                Route.of("GET", "/api/outbox?limit=1", EnumSet.of(Role.MARKETING_OPS, Role.ADMINISTRATOR)),
                Route.of("GET", "/api/gdpr/erasures", EnumSet.of(Role.ADMINISTRATOR)),
                Route.json("POST", "/api/gdpr/erasures", "{}", EnumSet.of(Role.ADMINISTRATOR)),
                Route.of("DELETE", "/api/login-throttles/someone", EnumSet.of(Role.ADMINISTRATOR)),
                Route.of("GET", "/actuator/metrics", EnumSet.of(Role.ADMINISTRATOR)),
                Route.of("GET", "/actuator/prometheus", EnumSet.of(Role.ADMINISTRATOR)),
                Route.of("GET", "/actuator/health", EVERYONE),
                Route.of("GET", "/actuator/health/readiness", EVERYONE),
                Route.of("GET", "/actuator/health/liveness", EVERYONE),
                // the API's description: each role calls a part of the API
                Route.of("GET", "/v3/api-docs", ANY_ROLE),
                Route.of("GET", "/v3/api-docs.yaml", ANY_ROLE),
                Route.of("GET", "/swagger-ui/index.html", ANY_ROLE),
                // the engine REST API: families; the engine's own authorizations decide inside them (below)
                Route.of("GET", rest + "/process-definition", ENGINE_USERS),
                Route.of("GET", rest + "/task", ENGINE_USERS),
                Route.of("GET", rest + "/history/process-instance", ENGINE_USERS),
                Route.of("GET", rest + "/deployment", ENGINE_USERS),
                Route.of("GET", rest + "/decision-definition", ENGINE_USERS),
                Route.of("GET", rest + "/job", ENGINE_USERS),
                Route.of("GET", rest + "/incident", ENGINE_USERS),
                Route.of("GET", rest + "/user", ENGINE_USERS),
                Route.of("GET", rest + "/group", ENGINE_USERS),
                Route.of("GET", rest + "/authorization", ENGINE_USERS),
                // managing users, groups and authorizations: administrators only, whatever else a role may do
                Route.json("POST", rest + "/user/create", "{\"profile\":{\"id\":\"mallory\"},\"credentials\":"
                        + "{\"password\":\"Mallory-password-1\"}}", EnumSet.of(Role.ADMINISTRATOR)),
                Route.json("POST", rest + "/group/create", "{\"id\":\"gang\",\"name\":\"Gang\"}",
                        EnumSet.of(Role.ADMINISTRATOR)),
                Route.json("POST", rest + "/authorization/create", "{\"type\":1,\"permissions\":[\"ALL\"],"
                        + "\"userId\":\"bob\",\"groupId\":null,\"resourceType\":0,\"resourceId\":\"*\"}",
                        EnumSet.of(Role.ADMINISTRATOR)),
                Route.json("PUT", rest + "/user/victim/credentials", "{\"password\":\"Victim-password-2\","
                        + "\"authenticatedUserPassword\":\"" + PASSWORD + "\"}", EnumSet.of(Role.ADMINISTRATOR)));
    }

    @Test
    void everyRoleReachesWhatItMayAndNothingElse() {
        List<String> wrong = new ArrayList<>();
        for (Route route : routes()) {
            for (var user : users.entrySet()) {
                String who = user.getKey();
                if (route.method().equals("PUT") && route.path().endsWith("/credentials")) {
                    // the administrator's own try runs last (it changes the victim's password)
                    if (user.getValue() == Role.ADMINISTRATOR) {
                        continue;
                    }
                }
                int status = call(route, who).status();
                boolean allowed = user.getValue() != null && route.allowed().contains(user.getValue())
                        || route.allowed() == EVERYONE;
                // the engine answers 404 for what the caller may not even see (another user): refused as well
                boolean refused = status == 403 || status == 404 && route.path().startsWith("/engine-rest");
                if (allowed ? (status == 401 || status == 403) : !refused) {
                    wrong.add(route.method() + " " + route.path() + " as " + who + " (" + user.getValue() + "): "
                            + status + (allowed ? ", expected to get through" : ", expected 403"));
                }
            }
            if (route.allowed() != EVERYONE) {
                var anonymous = api.send(route.method(), route.path(), route.body(), route.contentType(), null);
                boolean page = !route.path().startsWith("/api") && !route.path().startsWith("/engine-rest")
                        && !route.path().startsWith("/actuator") && !route.path().startsWith("/v3/");
                if (page ? anonymous.status() != 302 || !anonymous.location().endsWith("/login")
                        : anonymous.status() != 401) {
                    wrong.add(route.method() + " " + route.path() + " anonymously: " + anonymous.status() + (page ? ", expected the login form" : ", expected 401"));
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(identity.checkPassword("victim", PASSWORD)).as("nobody but the administrator changed it").isTrue();
        assertThat(api.send("PUT", rest + "/user/victim/credentials", "{\"password\":\"Victim-password-2\","
                + "\"authenticatedUserPassword\":\"" + Api.PASSWORD + "\"}", "application/json",
                Api.basic(Api.USER, Api.PASSWORD)).status()).as("the administrator may").isEqualTo(204);
    }

    private Api.Response call(Route route, String user) {
        String password = user.equals("admin") ? Api.PASSWORD : PASSWORD;
        return api.send(route.method(), route.path(), route.body(), route.contentType(), Api.basic(user, password));
    }

    @Test
    void aUserInNoGroupCannotMakeHimselfAdministratorNorTakeTheAdministratorsAccount() {
        for (String who : List.of("bob", "marketer", "analyst", "agent")) {
            assertThat(api.send("PUT", rest + "/group/camunda-admin/members/" + who, null, null,
                    Api.basic(who, PASSWORD)).status()).as(who).isIn(403, 404);
            assertThat(api.send("PUT", rest + "/user/admin/credentials", "{\"password\":\"Taken-over-2026\","
                    + "\"authenticatedUserPassword\":\"" + PASSWORD + "\"}", "application/json",
                    Api.basic(who, PASSWORD)).status()).as(who).isIn(403, 404);
        }
        assertThat(identity.createUserQuery().memberOfGroup("camunda-admin").list())
                .extracting(u -> u.getId()).containsExactlyInAnyOrder("admin", "chief");
        assertThat(api.get("/api/kpis").status()).as("the administrator's password still works").isEqualTo(200);
    }

    @Test
    void theEngineShowsEachRoleItsOwnPart() {
        // a marketing ops user sees every journey; an analyst only the classification; customer service the survey
        assertThat(keys("marketer")).contains("new-signup-relaunch", "inactive-winback", "satisfaction-survey");
        assertThat(keys("analyst")).containsExactly("daily-classification");
        assertThat(keys("agent")).containsExactly("satisfaction-survey");
        // users see themselves, not the others
        assertThat(api.send("GET", rest + "/user", null, null, Api.basic("analyst", PASSWORD)).json()
                .findValuesAsText("id")).containsExactly("analyst");
    }

    private List<String> keys(String user) {
        return api.send("GET", rest + "/process-definition?latestVersion=true", null, null, Api.basic(user, PASSWORD))
                .json().findValuesAsText("key").stream().distinct().sorted().toList();
    }

    @Test
    void onlyAdministratorsAndMarketingOpsDeployJourneysAnalystsDeployDecisionTables() {
        String bpmn = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs_%1$s"
                    targetNamespace="http://rekindle.io/test">
                  <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="P1D"
                      xmlns:camunda="http://camunda.org/schema/1.0/bpmn">
                    <bpmn:startEvent id="StartEvent_1" />
                  </bpmn:process>
                </bpmn:definitions>
                """;
        String dmn = """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Defs_%1$s" name="%1$s"
                    namespace="http://rekindle.io/test" xmlns:camunda="http://camunda.org/schema/1.0/dmn">
                  <decision id="%1$s" name="%1$s" camunda:historyTimeToLive="P1D">
                    <decisionTable id="Table_%1$s">
                      <output id="Output_1" name="answer" typeRef="string" />
                      <rule id="Rule_1"><outputEntry id="Out_1"><text>"yes"</text></outputEntry></rule>
                    </decisionTable>
                  </decision>
                </definitions>
                """;
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("marketer", 200);
        expected.put("admin", 200);
        expected.put("analyst", 403);
        expected.put("agent", 403);
        expected.put("crm", 403);
        expected.put("bob", 403);
        for (var who : expected.entrySet()) {
            String key = "Matrix_" + who.getKey();
            assertThat(ModelerDeploy.deployAs(port, engine.getName(), key + ".bpmn", bpmn.formatted(key),
                    who.getKey(), who.getKey().equals("admin") ? Api.PASSWORD : PASSWORD).statusCode())
                    .as("BPMN by " + who.getKey()).isEqualTo(who.getValue());
        }
        assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKeyLike("Matrix_%")
                .list()).extracting(d -> d.getKey()).containsExactlyInAnyOrder("Matrix_marketer", "Matrix_admin");

        assertThat(ModelerDeploy.deployAs(port, engine.getName(), "Decision_Matrix.dmn", dmn.formatted("Decision_Matrix"),
                "analyst", PASSWORD).statusCode()).as("DMN by an analyst").isEqualTo(200);
        assertThat(ModelerDeploy.deployAs(port, engine.getName(), "Decision_Service.dmn",
                dmn.formatted("Decision_Service"), "agent", PASSWORD).statusCode())
                .as("DMN by customer service").isEqualTo(403);
    }

    @Test
    void anExpressionReachesTheJourneyStepsButNoOtherBean() {
        String bpmn = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs_Peek"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://rekindle.io/test">
                  <bpmn:process id="Matrix_Peek" isExecutable="true" camunda:historyTimeToLive="P1D">
                    <bpmn:startEvent id="StartEvent_1" />
                    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_Peek" />
                    <bpmn:serviceTask id="Task_Peek"
                        camunda:expression="${execution.setVariable('secret', environment.getProperty('rekindle.security.link-secret'))}" />
                    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Peek" targetRef="EndEvent_1" />
                    <bpmn:endEvent id="EndEvent_1" />
                  </bpmn:process>
                </bpmn:definitions>
                """;
        assertThat(ModelerDeploy.deployAs(port, engine.getName(), "Matrix_Peek.bpmn", bpmn, "admin", Api.PASSWORD)
                .statusCode()).isEqualTo(200);
        var refused = org.assertj.core.api.Assertions.catchThrowable(() -> runtime.startProcessInstanceByKey("Matrix_Peek"));
        assertThat(refused).hasMessageContaining("environment");
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("Matrix_Peek").count()).isZero();
    }
}
