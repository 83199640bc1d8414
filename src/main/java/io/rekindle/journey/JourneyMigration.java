package io.rekindle.journey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.rekindle.system.NotFoundException;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.management.ActivityStatistics;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Service;

/**
 * Moves the people waiting in older versions of a journey onto its latest version, on purpose: Camunda's
 * migration API, with the steps mapped by id (a step keeps its id across versions in the Modeler). A dry run
 * reports, per version, how many people wait where, and who cannot move and why; nothing moves then.
 */
@Service
class JourneyMigration {

    private final RepositoryService repository;
    private final RuntimeService runtime;
    private final ManagementService management;

    JourneyMigration(RepositoryService repository, RuntimeService runtime, ManagementService management) {
        this.repository = repository;
        this.runtime = runtime;
        this.management = management;
    }

    record SourceVersion(int version, long instances, Map<String, Long> waitingAt, List<String> cannotMove,
            List<String> problems, long migrated) {
    }

    record Report(String journey, int targetVersion, boolean dryRun, List<SourceVersion> sources, long migrated,
            long notMigrated) {
    }

    Report migrateToLatest(String journey, boolean dryRun) {
        List<ProcessDefinition> versions = repository.createProcessDefinitionQuery().processDefinitionKey(journey)
                .orderByProcessDefinitionVersion().asc().list();
        if (versions.isEmpty()) {
            throw new NotFoundException("No journey '" + journey + "' is deployed.");
        }
        ProcessDefinition target = versions.get(versions.size() - 1);
        List<SourceVersion> sources = new ArrayList<>();
        for (ProcessDefinition source : versions.subList(0, versions.size() - 1)) {
            long instances = runtime.createProcessInstanceQuery().processDefinitionId(source.getId()).count();
            if (instances > 0) {
                sources.add(migrateVersion(source, target, instances, dryRun));
            }
        }
        long migrated = sources.stream().mapToLong(SourceVersion::migrated).sum();
        long waiting = sources.stream().mapToLong(SourceVersion::instances).sum();
        return new Report(journey, target.getVersion(), dryRun, sources, migrated, waiting - migrated);
    }

    private SourceVersion migrateVersion(ProcessDefinition source, ProcessDefinition target, long instances,
            boolean dryRun) {
        Map<String, Long> waitingAt = new TreeMap<>();
        for (ActivityStatistics statistics : management.createActivityStatisticsQuery(source.getId()).list()) {
            waitingAt.put(statistics.getId(), (long) statistics.getInstances());
        }
        MigrationPlan plan;
        try {
            plan = runtime.createMigrationPlan(source.getId(), target.getId()).mapEqualActivities().build();
        } catch (MigrationPlanValidationException e) {
            List<String> problems = e.getValidationReport().getInstructionReports().stream()
                    .flatMap(r -> r.getFailures().stream().map(f -> r.getMigrationInstruction() + ": " + f))
                    .collect(Collectors.toList());
            return new SourceVersion(source.getVersion(), instances, waitingAt, List.copyOf(waitingAt.keySet()),
                    problems, 0);
        }
        Set<String> mapped = plan.getInstructions().stream().map(i -> i.getSourceActivityId())
                .collect(Collectors.toSet());
        List<String> cannotMove = waitingAt.keySet().stream().filter(activity -> !mapped.contains(activity)).toList();
        List<String> problems = cannotMove.stream()
                .map(activity -> waitingAt.get(activity) + " waiting at '" + activity
                        + "', a step the latest version no longer has (same id)")
                .toList();
        long movable = waitingAt.entrySet().stream().filter(e -> mapped.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        long migrated = 0;
        if (!dryRun && cannotMove.isEmpty() && movable > 0) {
            // all or nothing per version: the engine validates every instance before moving any
            runtime.newMigration(plan)
                    .processInstanceQuery(runtime.createProcessInstanceQuery().processDefinitionId(source.getId()))
                    .execute();
            migrated = instances;
        }
        return new SourceVersion(source.getVersion(), instances, new LinkedHashMap<>(waitingAt), cannotMove, problems,
                migrated);
    }
}
