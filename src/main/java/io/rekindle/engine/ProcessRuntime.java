package io.rekindle.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Execution;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.MessageCorrelationBuilder;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The running journeys: start them, deliver messages to them, look them up, and the engine's jobs and incidents.
 * Business key = contact id, as text, throughout.
 */
@Component
public class ProcessRuntime {

    /** A journey running now. */
    public record RunningJourney(String processInstanceId, String processKey) {
    }

    /** An engine job (timer, async step) and when it is due ({@code null}: at once). */
    public record DueJob(String id, Instant dueDate) {
    }

    /**
     * Another transaction changed the same journey at the same moment (a timer, another event); trying again on
     * fresh state usually works.
     */
    public static class ConcurrentChange extends RuntimeException {
        ConcurrentChange(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * SQL states of a statement that gave up waiting for rows another transaction holds, or was chosen to break a
     * deadlock: PostgreSQL lock_not_available, deadlock_detected, serialization_failure; H2 lock timeout (HYT00).
     */
    private static final Set<String> LOCK_STATES = Set.of("55P03", "40P01", "40001", "HYT00");

    /**
     * Runs {@code work} in a transaction of its own and, while it fails because a journey moved meanwhile
     * ({@link #movedMeanwhile}), again whole on fresh state, {@code attempts} times at most; then throws what
     * {@code stillMoving} gives (a 409 for the caller to send again). Any other failure is thrown at once.
     */
    public static <T> T inTransactionRetryingMoves(TransactionTemplate transaction, int attempts, Supplier<T> work,
            Supplier<? extends RuntimeException> stillMoving) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.execute(status -> work.get());
            } catch (RuntimeException e) {
                if (!movedMeanwhile(e)) {
                    throw e;
                }
                if (attempt >= attempts) {
                    throw stillMoving.get();
                }
            }
        }
    }

    /**
     * Did this failure come from another transaction moving the same rows at that moment (a timer's job, another
     * event): an engine optimistic-lock conflict, a lock waited on too long or a deadlock, in our SQL or in the
     * engine's? Trying again on fresh state usually works; anything else would fail again.
     */
    public static boolean movedMeanwhile(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof ConcurrentChange || e instanceof OptimisticLockingException
                    || e instanceof PessimisticLockingFailureException || e instanceof UnexpectedRollbackException) {
                return true;
            }
            for (java.sql.SQLException sql = e instanceof java.sql.SQLException x ? x : null; sql != null;
                    sql = sql.getNextException()) {
                if (sql.getSQLState() != null && LOCK_STATES.contains(sql.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }

    private final RuntimeService runtime;
    private final RepositoryService repository;
    private final ManagementService management;

    private final EngineInternals internals;
    private final JdbcClient jdbc;
    /** See {@link #awaitedByBusinessKey}: the engine's tables, with its prefix. */
    private final String awaitedMessagesSql;

    ProcessRuntime(RuntimeService runtime, RepositoryService repository, ManagementService management,
            EngineInternals internals, JdbcClient jdbc) {
        this.runtime = runtime;
        this.repository = repository;
        this.management = management;
        this.internals = internals;
        this.jdbc = jdbc;
        String executions = management.getTableName(Execution.class);
        // the engine maps no public type to its event subscription table: named after the executions' (same prefix)
        String subscriptions = executions.replace("ACT_RU_EXECUTION", "ACT_RU_EVENT_SUBSCR");
        // the engine's own correlation query, for several message names at once: executions of the process instances
        // with that business key that hold a message subscription (index on the business key, then foreign keys)
        this.awaitedMessagesSql = "SELECT DISTINCT EVT.EVENT_NAME_ FROM " + executions + " INST"
                + " JOIN " + executions + " RES ON RES.PROC_INST_ID_ = INST.ID_"
                + " JOIN " + subscriptions + " EVT ON EVT.EXECUTION_ID_ = RES.ID_"
                + " WHERE INST.BUSINESS_KEY_ = :businessKey AND EVT.EVENT_TYPE_ = 'message'"
                + " AND EVT.EVENT_NAME_ IN (:messages)";
    }

    /** Starts the latest version of a process; returns the process instance id. */
    public String start(String processKey, String businessKey, Map<String, Object> variables) {
        return runtime.startProcessInstanceByKey(processKey, businessKey, variables).getId();
    }

    /**
     * Starts the latest version of a process at {@code activityId} (what comes before it is skipped) as if it had
     * started {@code earlier} ago: the timers it waits on once started (a "P30D" counted from its start) fall due that
     * much sooner. A customer imported 10 days after signing up enters the relaunch at its J+30 wait, due 20 days
     * later, not 30. Returns the process instance id.
     */
    public String startAtAsOf(String processKey, String activityId, String businessKey,
            Map<String, Object> variables, Duration earlier) {
        String id = runtime.createProcessInstanceByKey(processKey).businessKey(businessKey).setVariables(variables)
                .startBeforeActivity(activityId).execute().getId();
        for (Job timer : management.createJobQuery().processInstanceId(id).timers().list()) {
            management.setJobDuedate(timer.getId(), Date.from(timer.getDuedate().toInstant().minus(earlier)));
        }
        return id;
    }

    /**
     * Delivers a message to every journey waiting for it, narrowed to a business key and/or a process instance
     * ({@code null}: any), with variables set on the way in; returns how many journeys it moved (0: no one was
     * waiting, no error).
     */
    public int correlateAll(String message, String businessKey, String processInstanceId,
            Map<String, Object> variables) {
        return conflictsNamed(() -> correlation(message, businessKey, processInstanceId, variables)
                .correlateAllWithResult().size());
    }

    /**
     * {@link #correlateAll}, written when it returns into the caller's own transaction: from inside an engine job
     * the correlation would otherwise join the job's command context and be written only when the job ends, so
     * the caller could not commit (or roll back) each correlation on its own.
     */
    public int correlateAllInOwnCommand(String message, String businessKey, Map<String, Object> variables) {
        return internals.inFreshCommand(() -> correlateAll(message, businessKey, null, variables));
    }

    /**
     * Delivers an event's message to every journey of the contact waiting for it; returns how many it moved. Waiting
     * journeys only: an event never starts a process (the engine would otherwise also look, at every event, for a
     * process that starts on that message: one more read, and a journey started outside the pressure and consent
     * rules).
     */
    public int deliverToWaitingByBusinessKey(String message, String businessKey) {
        return deliverToWaiting(message, businessKey, null);
    }

    /**
     * Of these messages, those that some journey of the business key waits for now: one read for all of them, where
     * a correlation per message would take one each (most events reach no journey). Read in the caller's
     * transaction, as the correlations that follow; a journey that starts waiting after it reads the CRM when it
     * gets there, as it does after a correlation's read.
     */
    public Set<String> awaitedByBusinessKey(String businessKey, Collection<String> messages) {
        return new HashSet<>(jdbc.sql(awaitedMessagesSql).param("businessKey", businessKey)
                .param("messages", messages).query(String.class).list());
    }

    /** {@link #deliverToWaitingByBusinessKey}, narrowed to one process instance (the journey that sent an email). */
    public int deliverToWaitingInstance(String message, String processInstanceId) {
        return deliverToWaiting(message, null, processInstanceId);
    }

    private int deliverToWaiting(String message, String businessKey, String processInstanceId) {
        return conflictsNamed(() -> EngineInternals.executionsOnly(
                correlation(message, businessKey, processInstanceId, Map.of())).correlateAllWithResult().size());
    }

    /** Starts a process by its message start event; returns the new process instance id. */
    public String startByMessage(String message, String businessKey, Map<String, Object> variables) {
        return conflictsNamed(() -> correlation(message, businessKey, null, variables).correlateStartMessage()
                .getId());
    }

    /**
     * Correlates a message (typically a message start) and returns the process variables once the engine stopped
     * at the first wait state (what the steps run synchronously wrote).
     */
    public Map<String, Object> correlateReturningVariables(String message) {
        return conflictsNamed(() -> runtime.createMessageCorrelation(message).correlateWithResultAndVariables(true)
                .getVariables());
    }

    /** Is any running process instance waiting for this message (an intermediate event, not a start)? */
    public boolean anyoneWaitsForInstance(String message) {
        // the subscriptions include one per process version that starts on the message (no execution): any more
        // belong to instances
        return runtime.createEventSubscriptionQuery().eventType("message").eventName(message).count()
                > repository.createProcessDefinitionQuery().messageEventSubscriptionName(message).count();
    }

    public List<RunningJourney> running(String businessKey) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(businessKey).list().stream()
                .map(p -> new RunningJourney(p.getId(), p.getProcessDefinitionId().split(":")[0])).toList();
    }

    public boolean isRunning(String processInstanceId) {
        return runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).count() > 0;
    }

    public boolean anyRunning(String businessKey) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(businessKey).count() > 0;
    }

    /** Ends a journey at once, recording {@code reason} in its history. */
    public void delete(String processInstanceId, String reason) {
        runtime.deleteProcessInstance(processInstanceId, reason);
    }

    /** Failed steps waiting for an operator (Cockpit). */
    public long openIncidents() {
        return runtime.createIncidentQuery().count();
    }

    /** Jobs due now, not yet executed. */
    public long dueJobs() {
        return management.createJobQuery().executable().active().count();
    }

    /** The first active job with retries left due at {@code limit} or before. */
    public Optional<DueJob> nextJobDueBy(Instant limit) {
        return management.createJobQuery().active().withRetriesLeft().orderByJobDuedate().asc().list().stream()
                .filter(j -> j.getDuedate() == null || !j.getDuedate().toInstant().isAfter(limit))
                .findFirst().map(ProcessRuntime::dueJob);
    }

    public void executeJob(String jobId) {
        management.executeJob(jobId);
    }

    /** No more retries: the job becomes an incident. */
    public void giveUpJob(String jobId) {
        management.setJobRetries(jobId, 0);
    }

    private static DueJob dueJob(Job job) {
        return new DueJob(job.getId(), job.getDuedate() == null ? null : job.getDuedate().toInstant());
    }

    private MessageCorrelationBuilder correlation(String message, String businessKey, String processInstanceId,
            Map<String, Object> variables) {
        MessageCorrelationBuilder correlation = runtime.createMessageCorrelation(message);
        if (processInstanceId != null) {
            correlation.processInstanceId(processInstanceId);
        }
        if (businessKey != null) {
            correlation.processInstanceBusinessKey(businessKey);
        }
        variables.forEach(correlation::setVariable);
        return correlation;
    }

    private static <T> T conflictsNamed(Supplier<T> work) {
        try {
            return work.get();
        } catch (OptimisticLockingException e) {
            throw new ConcurrentChange(e);
        }
    }
}
