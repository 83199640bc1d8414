package io.rekindle.engine;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.management.ActivityStatistics;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.springframework.stereotype.Component;

/** Moves running journeys from one version of a process to another (the engine's migration API). */
@Component
public class ProcessMigration {

    /**
     * A migration from one version to another with the steps mapped by id; {@link #problems} says why there is
     * none (the engine refused to map), {@link #mappedSteps} which steps have a counterpart.
     */
    public static final class Plan {
        private final MigrationPlan plan;
        private final Set<String> mappedSteps;
        private final List<String> problems;

        private Plan(MigrationPlan plan, Set<String> mappedSteps, List<String> problems) {
            this.plan = plan;
            this.mappedSteps = mappedSteps;
            this.problems = problems;
        }

        public boolean valid() {
            return plan != null;
        }

        public Set<String> mappedSteps() {
            return mappedSteps;
        }

        public List<String> problems() {
            return problems;
        }
    }

    private final RuntimeService runtime;
    private final ManagementService management;

    ProcessMigration(RuntimeService runtime, ManagementService management) {
        this.runtime = runtime;
        this.management = management;
    }

    /** Running instances of a process version. */
    public long instances(String definitionId) {
        return runtime.createProcessInstanceQuery().processDefinitionId(definitionId).count();
    }

    /** Step id → how many instances of the version wait there, ordered by step id. */
    public Map<String, Long> waitingAt(String definitionId) {
        Map<String, Long> waitingAt = new TreeMap<>();
        for (ActivityStatistics statistics : management.createActivityStatisticsQuery(definitionId).list()) {
            waitingAt.put(statistics.getId(), (long) statistics.getInstances());
        }
        return waitingAt;
    }

    /** The steps mapped by equal id, as the engine validates them. */
    public Plan plan(String sourceDefinitionId, String targetDefinitionId) {
        try {
            MigrationPlan plan = runtime.createMigrationPlan(sourceDefinitionId, targetDefinitionId)
                    .mapEqualActivities().build();
            Set<String> mapped = plan.getInstructions().stream().map(i -> i.getSourceActivityId())
                    .collect(Collectors.toSet());
            return new Plan(plan, mapped, List.of());
        } catch (MigrationPlanValidationException e) {
            List<String> problems = e.getValidationReport().getInstructionReports().stream()
                    .flatMap(r -> r.getFailures().stream().map(f -> r.getMigrationInstruction() + ": " + f))
                    .collect(Collectors.toList());
            return new Plan(null, Set.of(), problems);
        }
    }

    /** All or nothing: the engine validates every instance of the source version before moving any. */
    public void migrateAll(Plan plan) {
        runtime.newMigration(plan.plan)
                .processInstanceQuery(runtime.createProcessInstanceQuery()
                        .processDefinitionId(plan.plan.getSourceProcessDefinitionId()))
                .execute();
    }
}
