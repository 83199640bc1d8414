package io.rekindle.journey;

import io.rekindle.system.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Journey versions for developers: move the people mid-journey onto the latest version, on purpose. */
@RestController
@Tag(name = "Journeys")
@RequestMapping("/api/journeys")
class JourneyVersionsController {

    private final JourneyMigration migration;

    JourneyVersionsController(JourneyMigration migration) {
        this.migration = migration;
    }

    /** {@code dryRun=true} (the default) only reports; {@code dryRun=false} moves who can move. */
    @Operation(summary = "Move a journey's running instances to its latest version", description = "dryRun=true"
            + " (the default) only reports who could move; dryRun=false moves them.")
    @ApiProblem(status = 404, when = "No journey with this id is deployed.")
    @PostMapping("/{journey}/migrations")
    JourneyMigration.Report migrate(@PathVariable String journey,
            @RequestParam(defaultValue = "true") boolean dryRun) {
        return migration.migrateToLatest(journey, dryRun);
    }
}
