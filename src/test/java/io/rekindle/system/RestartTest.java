package io.rekindle.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.rekindle.RekindleApplication;
import io.rekindle.contact.ContactService;
import io.rekindle.contact.SignUpRequest;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two runs of the application on the same H2 file, as {@code ./mvnw spring-boot:run} twice: the
 * second run deploys no new version of unchanged models, and journeys waiting in the first run are
 * still waiting in the second.
 */
class RestartTest {

    @TempDir
    Path dir;

    @Test
    void aRestartKeepsWaitingJourneysAndCreatesNoNewVersions() {
        String url = "jdbc:h2:file:" + dir.resolve("rekindle") + ";DB_CLOSE_ON_EXIT=FALSE";
        long contactId;
        String deploymentId;
        try (var first = start(url)) {
            ProcessEngine engine = first.getBean(ProcessEngine.class);
            var definition = engine.getRepositoryService().createProcessDefinitionQuery()
                    .processDefinitionKey("new-signup-relaunch").latestVersion().singleResult();
            assertThat(definition.getVersion()).isEqualTo(1);
            assertThat(definition.getResourceName()).isEqualTo("bpmn/new-signup-relaunch.bpmn");
            deploymentId = definition.getDeploymentId();
            contactId = first.getBean(ContactService.class).signUp(new SignUpRequest("restart-1",
                    "restart@example.com", null, "Rita", "fr", true, false)).orElseThrow().id();
        }
        try (var second = start(url)) {
            ProcessEngine engine = second.getBean(ProcessEngine.class);
            assertThat(engine.getRepositoryService().createDeploymentQuery().count()).isEqualTo(1);
            assertThat(engine.getRepositoryService().createProcessDefinitionQuery()
                    .processDefinitionKey("new-signup-relaunch").latestVersion().singleResult().getDeploymentId())
                    .isEqualTo(deploymentId);
            var journey = engine.getRuntimeService().createProcessInstanceQuery()
                    .processInstanceBusinessKey(String.valueOf(contactId)).singleResult();
            assertThat(journey).isNotNull();
            assertThat(engine.getRuntimeService().getActiveActivityIds(journey.getId())).as("its welcome not sent yet")
                    .containsExactly("Timer_WelcomeDelay");
            assertThat(second.getBean(ContactService.class).find(contactId)).isPresent();
        }
    }

    private static ConfigurableApplicationContext start(String url) {
        return new SpringApplicationBuilder(RekindleApplication.class)
                .profiles("test")
                .run("--spring.datasource.url=" + url, "--server.port=0");
    }
}
