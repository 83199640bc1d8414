package io.rekindle.support;

import java.time.Duration;
import java.time.Instant;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;

/**
 * Test time travel: moves the application's clock ({@link TestClock}, which the engine follows) and runs the jobs
 * that are due at that time, as the job executor would.
 */
public final class TimeMachine {

    private final ManagementService management;

    public TimeMachine(ManagementService management) {
        this.management = management;
    }

    public Instant now() {
        return TestClock.CLOCK.instant();
    }

    public void travelTo(Instant instant) {
        TestClock.CLOCK.moveTo(instant);
    }

    public void advance(Duration duration) {
        travelTo(now().plus(duration));
    }

    /** Executes every job due now, including the ones those jobs create; returns how many ran. */
    public int runDueJobs() {
        int executed = 0;
        for (int round = 0; round < 100; round++) {
            var due = management.createJobQuery().executable().active().list();
            if (due.isEmpty()) {
                return executed;
            }
            for (Job job : due) {
                management.executeJob(job.getId());
                executed++;
            }
        }
        throw new IllegalStateException("Jobs keep creating due jobs: a loop in a journey?");
    }

    public static void reset() {
        TestClock.CLOCK.reset();
    }
}
