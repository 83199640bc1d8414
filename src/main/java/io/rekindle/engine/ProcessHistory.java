package io.rekindle.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.StringJoiner;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The engine's history of journeys: what ran, how far people got, and the erasure of a person's share of it. */
@Component
public class ProcessHistory {

    /** A journey that ran (or still runs: {@code end} is {@code null}). */
    public record PastJourney(String processInstanceId, String definitionId, Instant start, Instant end,
            String endActivityId, String deleteReason) {
    }

    /** How many are at a step now ({@code instances}) and went past it ({@code finished}, cancelled included). */
    public record StepCount(String activityId, long instances, long finished) {
    }

    private static final int IN_LIST = 500;

    private final HistoryService history;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final EngineInternals internals;
    private final JdbcClient jdbc;

    ProcessHistory(HistoryService history, RuntimeService runtime, ManagementService management,
            EngineInternals internals, JdbcClient jdbc) {
        this.history = history;
        this.runtime = runtime;
        this.management = management;
        this.internals = internals;
        this.jdbc = jdbc;
    }

    /** How many instances of a process version were ever started. */
    public long started(String definitionId) {
        return history.createHistoricProcessInstanceQuery().processDefinitionId(definitionId).count();
    }

    /** How many instances of a process (any version) started in [from, to]; {@code null} bounds nothing. */
    public long started(String processKey, Instant from, Instant to) {
        var query = history.createHistoricProcessInstanceQuery().processDefinitionKey(processKey);
        if (from != null) {
            query.startedAfter(Date.from(from));
        }
        if (to != null) {
            // the engine's bound is inclusive; the KPIs' "to" is exclusive
            query.startedBefore(Date.from(to.minusMillis(1)));
        }
        return query.count();
    }

    /** Per step of a process version, ordered by step id. */
    public List<StepCount> steps(String definitionId) {
        return history.createHistoricActivityStatisticsQuery(definitionId).includeFinished().includeCanceled()
                .orderByActivityId().asc().list().stream()
                .map(s -> new StepCount(s.getId(), s.getInstances(), s.getFinished())).toList();
    }

    /** When a journey (running or ended) started, by the engine's clock. */
    public Instant startedAt(String processInstanceId) {
        return history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).singleResult()
                .getStartTime().toInstant();
    }

    /** The journeys of a business key, oldest first. */
    public List<PastJourney> journeys(String businessKey) {
        return history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(businessKey)
                .orderByProcessInstanceStartTime().asc().list().stream()
                .map(p -> new PastJourney(p.getId(), p.getProcessDefinitionId(), p.getStartTime().toInstant(),
                        p.getEndTime() == null ? null : p.getEndTime().toInstant(), p.getEndActivityId(),
                        p.getDeleteReason()))
                .toList();
    }

    /**
     * A person's share of the engine, erased inside the caller's transaction: their running journeys (business key =
     * contact id; what they called goes with them) are cancelled with no listener or output mapping run, then their
     * history is deleted with everything under it — called journeys, variables and their updates, activity
     * instances, tasks, incidents, job logs, identity links, comments, operation log entries, byte arrays, and the
     * decisions evaluated in them (ACT_HI_DECINST with its inputs and outputs, which the engine's own deletion
     * leaves until their time to live). Every lookup goes through an index: the business key, the root instance,
     * the process instance of a decision or a log entry — a handful of statements per person, however large the base.
     * Returns how many journeys' histories went.
     */
    public int erase(String businessKey) {
        // two commands: the history deletion must see the cancelled instances as ended
        internals.inFreshCommand(() -> cancel(businessKey));
        return internals.inFreshCommand(() -> deleteHistory(businessKey));
    }

    private int cancel(String businessKey) {
        List<String> running = runtime.createProcessInstanceQuery().processInstanceBusinessKey(businessKey).list()
                .stream().map(ProcessInstance::getId).toList();
        if (!running.isEmpty()) {
            // no listeners or output mappings: nothing may run on behalf of an erased contact; called journeys
            // (skipSubprocesses = false) go with their callers, with or without the business key
            runtime.deleteProcessInstancesIfExists(running, "GDPR erasure", true, true, false);
        }
        return running.size();
    }

    private int deleteHistory(String businessKey) {
        String instances = management.getTableName(HistoricProcessInstance.class);
        // the person's journeys (index on BUSINESS_KEY_) and whatever they called (index on ROOT_PROC_INST_ID_),
        // even a call activity that did not pass the business key on; a UNION, as an OR of the two makes PostgreSQL
        // scan the whole table
        List<String> ids = history.createNativeHistoricProcessInstanceQuery()
                .sql("SELECT * FROM " + instances + " WHERE BUSINESS_KEY_ = #{key} UNION SELECT * FROM " + instances
                        + " WHERE ROOT_PROC_INST_ID_ IN (SELECT ID_ FROM " + instances
                        + " WHERE BUSINESS_KEY_ = #{key})")
                .parameter("key", businessKey).list().stream().map(HistoricProcessInstance::getId).toList();
        if (ids.isEmpty()) {
            return 0;
        }
        // the engine maps no public type to its operation log table: named after the instances' (same prefix)
        String operationLog = instances.replace("ACT_HI_PROCINST", "ACT_HI_OP_LOG");
        for (List<String> part : parts(ids)) {
            var query = history.createNativeHistoricDecisionInstanceQuery()
                    .sql("SELECT * FROM " + management.getTableName(HistoricDecisionInstance.class)
                            + " WHERE PROC_INST_ID_ IN (" + placeholders(part.size()) + ")");
            for (int i = 0; i < part.size(); i++) {
                query.parameter("id" + i, part.get(i));
            }
            List<String> decisions = query.list().stream().map(HistoricDecisionInstance::getId).toList();
            if (!decisions.isEmpty()) {
                history.deleteHistoricDecisionInstancesBulk(decisions); // inputs, outputs and their byte arrays too
            }
            // plain rows the engine's deletion keeps (an operator's changes in Cockpit); no byte arrays under them
            jdbc.sql("DELETE FROM " + operationLog + " WHERE PROC_INST_ID_ IN (:ids)").param("ids", part).update();
        }
        history.deleteHistoricProcessInstancesIfExists(ids);
        return ids.size();
    }

    /** Bounded IN lists (a person has a handful of journeys; a bound keeps a pathological one a valid statement). */
    private static List<List<String>> parts(List<String> ids) {
        List<List<String>> parts = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IN_LIST) {
            parts.add(ids.subList(from, Math.min(ids.size(), from + IN_LIST)));
        }
        return parts;
    }

    /** MyBatis placeholders for the parameters {@code id0}, {@code id1}… */
    private static String placeholders(int count) {
        StringJoiner joined = new StringJoiner(", ");
        for (int i = 0; i < count; i++) {
            joined.add("#{id" + i + "}");
        }
        return joined.toString();
    }
}
