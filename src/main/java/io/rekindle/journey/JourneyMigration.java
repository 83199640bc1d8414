package io.rekindle.journey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.rekindle.engine.ProcessMigration;
import io.rekindle.engine.ProcessModels;
import io.rekindle.engine.ProcessModels.Definition;
import io.rekindle.system.NotFoundException;

import org.springframework.stereotype.Service;

/**
 * Moves the people waiting in older versions of a journey onto its latest version, on purpose: Camunda's
 * migration API, with the steps mapped by id (a step keeps its id across versions in the Modeler). A dry run
 * reports, per version, how many people wait where, and who cannot move and why; nothing moves then.
 */
@Service
class JourneyMigration {

    private final ProcessModels models;
    private final ProcessMigration migration;

    JourneyMigration(ProcessModels models, ProcessMigration migration) {
        this.models = models;
        this.migration = migration;
    }

    record SourceVersion(int version, long instances, Map<String, Long> waitingAt, List<String> cannotMove,
            List<String> problems, long migrated) {
    }

    record Report(String journey, int targetVersion, boolean dryRun, List<SourceVersion> sources, long migrated,
            long notMigrated) {
    }

    Report migrateToLatest(String journey, boolean dryRun) {
        List<Definition> versions = models.processDefinitions(journey, null);
        if (versions.isEmpty()) {
            throw new NotFoundException("No journey '" + journey + "' is deployed.");
        }
        Definition target = versions.get(versions.size() - 1);
        List<SourceVersion> sources = new ArrayList<>();
        for (Definition source : versions.subList(0, versions.size() - 1)) {
            long instances = migration.instances(source.id());
            if (instances > 0) {
                sources.add(migrateVersion(source, target, instances, dryRun));
            }
        }
        long migrated = sources.stream().mapToLong(SourceVersion::migrated).sum();
        long waiting = sources.stream().mapToLong(SourceVersion::instances).sum();
        return new Report(journey, target.version(), dryRun, sources, migrated, waiting - migrated);
    }

    private SourceVersion migrateVersion(Definition source, Definition target, long instances, boolean dryRun) {
        Map<String, Long> waitingAt = migration.waitingAt(source.id());
        ProcessMigration.Plan plan = migration.plan(source.id(), target.id());
        if (!plan.valid()) {
            return new SourceVersion(source.version(), instances, waitingAt, List.copyOf(waitingAt.keySet()),
                    plan.problems(), 0);
        }
        Set<String> mapped = plan.mappedSteps();
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
            migration.migrateAll(plan);
            migrated = instances;
        }
        return new SourceVersion(source.version(), instances, new LinkedHashMap<>(waitingAt), cannotMove, problems,
                migrated);
    }
}
