package io.rekindle.journey;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Journey versions for developers: move the people mid-journey onto the latest version, on purpose. */
@RestController
@RequestMapping("/api/journeys")
class JourneyVersionsController {

    private final JourneyMigration migration;

    JourneyVersionsController(JourneyMigration migration) {
        this.migration = migration;
    }

    /** {@code dryRun=true} (the default) only reports; {@code dryRun=false} moves who can move. */
    @PostMapping("/{journey}/migrations")
    JourneyMigration.Report migrate(@PathVariable String journey,
            @RequestParam(defaultValue = "true") boolean dryRun) {
        return migration.migrateToLatest(journey, dryRun);
    }
}
