package io.rekindle.gdpr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The engine's share of an erasure: the contact's running journeys are cancelled (business key = contact
 * id, or a {@code contactId} variable), then their history is deleted with everything under it —
 * variables and their updates, activity instances, tasks, incidents, job logs, identity links, comments,
 * operation log entries and stored byte arrays. Engine-facing: the Camunda API stays in here.
 */
@Component
@Order(100) // after our tables: the engine's delete commands flush last
class EngineJourneyEraser implements PersonalDataEraser {

    static final String VAR_CONTACT_ID = "contactId";

    private final RuntimeService runtime;
    private final HistoryService history;
    private final EngineCommands commands;

    EngineJourneyEraser(RuntimeService runtime, HistoryService history, EngineCommands commands) {
        this.runtime = runtime;
        this.history = history;
        this.commands = commands;
    }

    @Override
    public String name() {
        return "journeys";
    }

    @Override
    public int erase(long contactId) {
        // two commands: the history deletion must see the cancelled instances as ended
        commands.inFreshCommand(() -> cancelJourneys(contactId));
        return commands.inFreshCommand(() -> deleteHistory(contactId));
    }

    private int cancelJourneys(long contactId) {
        String key = String.valueOf(contactId);
        Set<String> running = new LinkedHashSet<>();
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(key).list()
                .forEach(p -> running.add(p.getId()));
        runtime.createProcessInstanceQuery().variableValueEquals(VAR_CONTACT_ID, contactId).list().stream()
                .map(ProcessInstance::getId).forEach(running::add);
        if (!running.isEmpty()) {
            // no listeners or output mappings: nothing may run on behalf of an erased contact
            runtime.deleteProcessInstancesIfExists(new ArrayList<>(running), "GDPR erasure", true, true, false);
        }
        return running.size();
    }

    private int deleteHistory(long contactId) {
        String key = String.valueOf(contactId);
        Set<String> past = new LinkedHashSet<>();
        history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(key).list()
                .forEach(p -> past.add(p.getId()));
        history.createHistoricProcessInstanceQuery().variableValueEquals(VAR_CONTACT_ID, contactId).list()
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
