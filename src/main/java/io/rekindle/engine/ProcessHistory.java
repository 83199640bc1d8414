package io.rekindle.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
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

    private final HistoryService history;
    private final RuntimeService runtime;
    private final EngineInternals internals;

    ProcessHistory(HistoryService history, RuntimeService runtime, EngineInternals internals) {
        this.history = history;
        this.runtime = runtime;
        this.internals = internals;
    }

    /** How many instances of a process version were ever started. */
    public long started(String definitionId) {
        return history.createHistoricProcessInstanceQuery().processDefinitionId(definitionId).count();
    }

    /** Per step of a process version, ordered by step id. */
    public List<StepCount> steps(String definitionId) {
        return history.createHistoricActivityStatisticsQuery(definitionId).includeFinished().includeCanceled()
                .orderByActivityId().asc().list().stream()
                .map(s -> new StepCount(s.getId(), s.getInstances(), s.getFinished())).toList();
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
     * A person's share of the engine, erased inside the caller's transaction: their running journeys (business key,
     * or the variable {@code variable} = {@code value}) are cancelled with no listener or output mapping run, then
     * their history is deleted with everything under it — called journeys, variables and their updates, activity
     * instances, tasks, incidents, job logs, identity links, comments, operation log entries, byte arrays.
     * Returns how many journeys' histories went.
     */
    public int erase(String businessKey, String variable, Object value) {
        // two commands: the history deletion must see the cancelled instances as ended
        internals.inFreshCommand(() -> cancel(businessKey, variable, value));
        return internals.inFreshCommand(() -> deleteHistory(businessKey, variable, value));
    }

    private int cancel(String businessKey, String variable, Object value) {
        Set<String> running = new LinkedHashSet<>();
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(businessKey).list()
                .forEach(p -> running.add(p.getId()));
        runtime.createProcessInstanceQuery().variableValueEquals(variable, value).list().stream()
                .map(ProcessInstance::getId).forEach(running::add);
        if (!running.isEmpty()) {
            // no listeners or output mappings: nothing may run on behalf of an erased contact
            runtime.deleteProcessInstancesIfExists(new ArrayList<>(running), "GDPR erasure", true, true, false);
        }
        return running.size();
    }

    private int deleteHistory(String businessKey, String variable, Object value) {
        Set<String> past = new LinkedHashSet<>();
        history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(businessKey).list()
                .forEach(p -> past.add(p.getId()));
        history.createHistoricProcessInstanceQuery().variableValueEquals(variable, value).list()
                .forEach(p -> past.add(p.getId()));
        addSubProcesses(past);
        if (!past.isEmpty()) {
            List<String> ids = new ArrayList<>(past);
            for (String id : ids) {
                history.createUserOperationLogQuery().processInstanceId(id).list()
                        .forEach(entry -> history.deleteUserOperationLogEntry(entry.getId()));
            }
            history.deleteHistoricProcessInstancesIfExists(ids);
        }
        return past.size();
    }

    /** Called journeys (call activities) may carry no business key: reach them through their parents. */
    private void addSubProcesses(Set<String> ids) {
        List<String> frontier = new ArrayList<>(ids);
        while (!frontier.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (String parent : frontier) {
                for (HistoricProcessInstance sub : history.createHistoricProcessInstanceQuery()
                        .superProcessInstanceId(parent).list()) {
                    if (ids.add(sub.getId())) {
                        next.add(sub.getId());
                    }
                }
            }
            frontier = next;
        }
    }
}
