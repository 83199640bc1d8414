package io.rekindle.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rekindle.RekindleApplication;
import io.rekindle.contact.ContactService;
import io.rekindle.contact.SignUpRequest;
import io.rekindle.journey.Journeys;
import io.rekindle.support.BothDatabases;
import io.rekindle.support.PostgresDatabase;
import io.rekindle.support.TestDatabase;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Holdout arms across nodes, restarts and configuration changes: two nodes on one database, then a restart with
 * other shares, then with the group off. The arms are compared with the function written out here, as any node
 * computes it.
 */
@BothDatabases
class HoldoutAssignmentTest {

    @TempDir
    Path dir;

    @Test
    void armsAreTheSameOnEveryNodeAfterARestartAndRecordedArmsOutliveAShareChange() {
        String url = TestDatabase.current() == TestDatabase.POSTGRES
                ? PostgresDatabase.fresh("holdout_assignment")
                : "jdbc:h2:file:" + dir.resolve("rekindle") + ";DB_CLOSE_ON_EXIT=FALSE";
        var global30 = new Assignment("global-control", List.of(new Arm("control", 3000), new Arm("treated", 7000)));
        var global60 = new Assignment("global-control", List.of(new Arm("control", 6000), new Arm("treated", 4000)));
        var winBack50 = new Assignment("holdout:inactive-winback",
                List.of(new Arm("holdout", 5000), new Arm("treated", 5000)));

        List<Long> signedUp = new ArrayList<>(); // their relaunch started: the global arm is recorded
        List<Long> imported = new ArrayList<>(); // customers of long ago: no journey, nothing recorded
        Map<Long, String> winBackArms = new LinkedHashMap<>();
        try (var nodeA = start(url, "30", "50"); var nodeB = start(url, "30", "50")) {
            for (int i = 0; i < 30; i++) {
                var node = i % 2 == 0 ? nodeA : nodeB;
                signedUp.add(signUp(node, "new-" + i, null));
                imported.add(signUp(node, "old-" + i, OffsetDateTime.parse("2020-01-01T00:00:00Z")));
            }
            for (long id : signedUp.subList(0, 12)) {
                var node = id % 2 == 0 ? nodeA : nodeB;
                winBackArms.put(id, enterWinBack(node, id));
            }
            for (long id : signedUp) {
                assertThat(arm(nodeA, id, "global-control")).isEqualTo(new Group("global-control",
                        global30.armFor(id), true, null));
                assertThat(arm(nodeB, id, "global-control")).isEqualTo(arm(nodeA, id, "global-control"));
            }
            for (long id : imported) {
                assertThat(arm(nodeA, id, "global-control")).isEqualTo(new Group("global-control",
                        global30.armFor(id), false, null));
                assertThat(arm(nodeB, id, "global-control")).isEqualTo(arm(nodeA, id, "global-control"));
            }
            winBackArms.forEach((id, arm) -> assertThat(arm).isEqualTo(winBack50.armFor(id)));
            assertThat(winBackArms).containsValues("holdout", "treated");
        }

        // restarted with a larger group and no win-back holdout: what was recorded stays, the rest follows the share
        try (var restarted = start(url, "60", "0")) {
            Holdouts holdouts = restarted.getBean(Holdouts.class);
            List<Long> movedByTheNewShare = signedUp.stream()
                    .filter(id -> !global30.armFor(id).equals(global60.armFor(id))).toList();
            assertThat(movedByTheNewShare).as("the test needs contacts the new share would move").isNotEmpty();
            for (long id : signedUp) {
                assertThat(arm(restarted, id, "global-control").arm()).isEqualTo(global30.armFor(id));
                assertThat(holdouts.inGlobalControl(id)).isEqualTo(global30.armFor(id).equals("control"));
            }
            for (long id : imported) {
                assertThat(arm(restarted, id, "global-control").arm()).isEqualTo(global60.armFor(id));
            }
            winBackArms.forEach((id, arm) -> assertThat(arm(restarted, id, "holdout:inactive-winback").arm())
                    .as("recorded at entry, still shown").isEqualTo(arm));
            long later = signedUp.get(20);
            assertThat(enterWinBack(restarted, later)).as("no holdout: no arm").isNull();
        }

        // the group off (share 0): nobody is held back, whatever was recorded
        try (var off = start(url, "0", "0")) {
            Holdouts holdouts = off.getBean(Holdouts.class);
            long recordedControl = signedUp.stream().filter(id -> global30.armFor(id).equals("control")).findFirst()
                    .orElseThrow();
            assertThat(holdouts.inGlobalControl(recordedControl)).isFalse();
            assertThat(holdouts.holdback(recordedControl, "winback-miss-you", null)).isNull();
            assertThat(holdouts.groups(recordedControl)).extracting(Group::experiment).contains("global-control");
            for (long id : imported) {
                assertThat(holdouts.groups(id)).isEmpty();
            }
        }
    }

    private static long signUp(ConfigurableApplicationContext node, String name, OffsetDateTime signedUpAt) {
        String externalId = "assignment-" + name;
        return node.getBean(ContactService.class).signUp(new SignUpRequest(externalId, externalId + "@example.com",
                null, "Ada", "en", true, false, signedUpAt)).orElseThrow().id();
    }

    /** What the daily classification publishes for the contact; returns the arm the win-back started with. */
    private static String enterWinBack(ConfigurableApplicationContext node, long contactId) {
        var runtime = node.getBean(ProcessEngine.class).getRuntimeService();
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(contactId)).list()
                .forEach(p -> runtime.deleteProcessInstance(p.getId(), "relaunch over"));
        runtime.createMessageCorrelation("ContactEnteredSegment").processInstanceBusinessKey(String.valueOf(contactId))
                .setVariable(Journeys.VAR_CONTACT_ID, contactId).setVariable("segment", "INACTIVE")
                .correlateAllWithResult();
        var arm = node.getBean(ProcessEngine.class).getHistoryService().createHistoricVariableInstanceQuery()
                .processInstanceId(winBack(node, contactId)).variableName(Holdouts.VAR_ARM).singleResult();
        return arm == null ? null : (String) arm.getValue();
    }

    private static String winBack(ConfigurableApplicationContext node, long contactId) {
        // (it may have ended at once: the arm is set as it starts, whatever its eligibility says)
        return node.getBean(ProcessEngine.class).getHistoryService().createHistoricProcessInstanceQuery()
                .processDefinitionKey(Journeys.INACTIVE_WINBACK).processInstanceBusinessKey(String.valueOf(contactId))
                .singleResult().getId();
    }

    /** The contact's arm in one experiment, as the contact API shows it (the moment left out). */
    private static Group arm(ConfigurableApplicationContext node, long contactId, String experiment) {
        return node.getBean(Holdouts.class).groups(contactId).stream().filter(g -> g.experiment().equals(experiment))
                .map(g -> new Group(g.experiment(), g.arm(), g.recorded(), null)).findFirst().orElseThrow();
    }

    private static ConfigurableApplicationContext start(String url, String globalShare, String winBackShare) {
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + url, "--server.port=0",
                "--rekindle.experiments.global-control.share=" + globalShare,
                "--rekindle.experiments.holdout.inactive-winback.share=" + winBackShare));
        if (TestDatabase.current() == TestDatabase.POSTGRES) {
            args.add("--spring.datasource.username=" + PostgresDatabase.USER);
            args.add("--spring.datasource.password=" + PostgresDatabase.PASSWORD);
        }
        return new SpringApplicationBuilder(RekindleApplication.class).profiles("test").run(args.toArray(String[]::new));
    }
}
