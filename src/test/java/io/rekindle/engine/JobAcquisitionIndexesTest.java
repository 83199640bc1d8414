package io.rekindle.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;

import javax.sql.DataSource;

import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.TestDatabase;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The job table's acquisition indexes ({@link JobAcquisitionIndexes}): there after the start, built again when
 * missing, and, on PostgreSQL with a large waiting base, what the planner reads for the job executor's acquisition
 * instead of the whole table.
 */
@RekindleIntegrationTest
class JobAcquisitionIndexesTest {

    /**
     * The job executor's acquisition as Camunda 7.24 writes it (camunda-engine, {@code Job.xml},
     * {@code selectNextJobsToExecute}, with the shipped settings: every job has a due date, no priority range, no
     * deployment awareness, no ordering), with its parameter {@code now} in place.
     */
    private static final String ACQUISITION = """
            select RES.ID_, RES.REV_, RES.DUEDATE_, RES.PROCESS_INSTANCE_ID_, RES.EXCLUSIVE_
            from ACT_RU_JOB RES
            where (RES.RETRIES_ > 0)
              and (RES.DUEDATE_ <= now())
              and (RES.LOCK_OWNER_ is null or RES.LOCK_EXP_TIME_ < now())
              and RES.SUSPENSION_STATE_ = 1
              and ((RES.EXCLUSIVE_ = true and not exists(select J2.ID_ from ACT_RU_JOB J2
                      where J2.PROCESS_INSTANCE_ID_ = RES.PROCESS_INSTANCE_ID_ and (J2.EXCLUSIVE_ = true)
                        and (J2.LOCK_OWNER_ is not null and J2.LOCK_EXP_TIME_ >= now())))
                   or RES.EXCLUSIVE_ = false)
              and HANDLER_TYPE_ != 'history-cleanup'
            LIMIT 3""";

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ProcessEngine engine;

    @Test
    void theJobTableHasItsAcquisitionIndexesOnDueDateAndLockExpiry() throws SQLException {
        assertThat(indexedColumns()).containsEntry("REKINDLE_IDX_JOB_DUEDATE", "DUEDATE_")
                .containsEntry("REKINDLE_IDX_JOB_LOCK_EXP", "LOCK_EXP_TIME_");
    }

    @Test
    void anIndexMissingAtStartIsBuiltAgain_andOneAlreadyThereIsLeftAsItIs() throws SQLException {
        jdbc.sql("DROP INDEX REKINDLE_IDX_JOB_DUEDATE").update();
        assertThat(indexedColumns()).doesNotContainKey("REKINDLE_IDX_JOB_DUEDATE");

        JobAcquisitionIndexes.ensure(dataSource, databaseType(), "");

        assertThat(indexedColumns()).containsEntry("REKINDLE_IDX_JOB_DUEDATE", "DUEDATE_")
                .containsEntry("REKINDLE_IDX_JOB_LOCK_EXP", "LOCK_EXP_TIME_");
    }

    @Test
    void withThirtyThousandTimersWaiting_theAcquisitionReadsTheIndexes_notTheWholeJobTable() {
        assumeTrue(TestDatabase.current() == TestDatabase.POSTGRES, "the planner of PostgreSQL, the production base");
        // 30,000 journeys waiting at a timer a month away, 50 of them due now, one of those locked by a node
        jdbc.sql("""
                INSERT INTO act_ru_job (id_, rev_, type_, exclusive_, retries_, duedate_, handler_type_, handler_cfg_,
                    suspension_state_, priority_, process_instance_id_, create_time_)
                SELECT 'acq-' || i, 1, 'timer', true, 3,
                    CASE WHEN i <= 50 THEN now() - interval '1 minute' ELSE now() + interval '30 days' END,
                    'timer-intermediate-transition', 'Timer_J30', 1, 0, 'acq-pi-' || i, now()
                FROM generate_series(1, 30000) i""").update();
        jdbc.sql("UPDATE act_ru_job SET lock_owner_ = 'another-node', lock_exp_time_ = now() + interval '5 minutes'"
                + " WHERE id_ = 'acq-1'").update();
        jdbc.sql("ANALYZE act_ru_job").update();
        try {
            String plan = String.join("\n", jdbc.sql("EXPLAIN " + ACQUISITION).query(String.class).list());

            assertThat(plan).as(plan).contains("rekindle_idx_job_duedate").contains("rekindle_idx_job_lock_exp")
                    .doesNotContain("Seq Scan on act_ru_job");
            assertThat(jdbc.sql(ACQUISITION).query((rs, n) -> rs.getString(1)).list()).hasSize(3)
                    .allSatisfy(id -> assertThat(id).startsWith("acq-").isNotEqualTo("acq-1"));
        } finally {
            jdbc.sql("DELETE FROM act_ru_job WHERE id_ LIKE 'acq-%'").update();
        }
    }

    @Test
    void anAsynchronousStepsJobHasADueDate_andOneAnEarlierVersionWroteWithoutIsDueAtTheNextStart() {
        var repository = engine.getRepositoryService();
        String deployment = repository.createDeployment().name("acquisition-test")
                .addModelInstance("acquisition-test.bpmn", Bpmn.createExecutableProcess("acquisition-test")
                        .camundaHistoryTimeToLive(1).startEvent().userTask("Task_Later").camundaAsyncBefore()
                        .endEvent().done())
                .deploy().getId();
        try {
            String instance = engine.getRuntimeService().startProcessInstanceByKey("acquisition-test").getId();
            Job job = engine.getManagementService().createJobQuery().processInstanceId(instance).singleResult();
            assertThat(job.getDuedate()).as("an asynchronous step's job is due from its creation").isNotNull();
            assertThat(acquirable()).contains(job.getId());

            // as an earlier version wrote it
            jdbc.sql("UPDATE act_ru_job SET duedate_ = NULL WHERE id_ = ?").param(job.getId()).update();
            assertThat(acquirable()).as("the acquisition no longer asks for jobs without a due date")
                    .doesNotContain(job.getId());

            assertThat(JobAcquisitionIndexes.dueDatesSet(dataSource, "")).isEqualTo(1);

            assertThat(acquirable()).contains(job.getId());
            assertThat(engine.getManagementService().createJobQuery().jobId(job.getId()).singleResult().getDuedate())
                    .isNotNull();
        } finally {
            repository.deleteDeployment(deployment, true);
        }
    }

    /** What the acquisition would take now, without its limit. */
    private List<String> acquirable() {
        return jdbc.sql(ACQUISITION.replace("LIMIT 3", "")).query((rs, n) -> rs.getString(1)).list();
    }

    /** Our indexes on the job table, name → column, upper-case whatever the database's own case. */
    private Map<String, String> indexedColumns() throws SQLException {
        var columns = new TreeMap<String, String>();
        try (Connection connection = dataSource.getConnection()) {
            List<String> tables = new ArrayList<>(List.of("ACT_RU_JOB", "act_ru_job"));
            for (String table : tables) {
                try (ResultSet rs = connection.getMetaData().getIndexInfo(null, null, table, false, false)) {
                    while (rs.next()) {
                        String name = rs.getString("INDEX_NAME");
                        if (name != null && name.toUpperCase(Locale.ROOT).startsWith("REKINDLE_")) {
                            columns.put(name.toUpperCase(Locale.ROOT),
                                    rs.getString("COLUMN_NAME").toUpperCase(Locale.ROOT));
                        }
                    }
                }
            }
        }
        return columns;
    }

    private static String databaseType() {
        return TestDatabase.current() == TestDatabase.POSTGRES ? "postgres" : "h2";
    }
}
