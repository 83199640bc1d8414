package io.rekindle.kpi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricActivityStatistics;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.springframework.stereotype.Component;

/**
 * The funnel of each journey version from the engine's history: how many entered, how many reached each step and
 * how many ended at each end event (the history's own per-activity statistics, one query per version).
 */
@Component
class JourneyFunnels {

    record Funnel(String journey, int version, long entered, Map<String, Long> steps, Map<String, Long> ends) {
    }

    private final RepositoryService repository;
    private final HistoryService history;

    JourneyFunnels(RepositoryService repository, HistoryService history) {
        this.repository = repository;
        this.history = history;
    }

    List<Funnel> funnels(String journey, Integer version, Set<String> journeys) {
        var query = repository.createProcessDefinitionQuery().orderByProcessDefinitionKey().asc()
                .orderByProcessDefinitionVersion().asc();
        if (journey != null) {
            query.processDefinitionKey(journey);
        }
        if (version != null) {
            query.processDefinitionVersion(version);
        }
        List<Funnel> funnels = new ArrayList<>();
        for (ProcessDefinition definition : query.list()) {
            if (!journeys.contains(definition.getKey())) {
                continue;
            }
            long entered = history.createHistoricProcessInstanceQuery().processDefinitionId(definition.getId()).count();
            if (entered == 0) {
                continue;
            }
            Map<String, String> names = repository.getBpmnModelInstance(definition.getId())
                    .getModelElementsByType(FlowNode.class).stream()
                    .collect(Collectors.toMap(FlowNode::getId, n -> n instanceof EndEvent ? "end" : "step"));
            Map<String, Long> steps = new LinkedHashMap<>();
            Map<String, Long> ends = new LinkedHashMap<>();
            for (HistoricActivityStatistics activity : history.createHistoricActivityStatisticsQuery(definition.getId())
                    .includeFinished().includeCanceled().orderByActivityId().asc().list()) {
                long reached = activity.getInstances() + activity.getFinished();
                if ("end".equals(names.get(activity.getId()))) {
                    ends.put(activity.getId(), activity.getFinished());
                } else {
                    steps.put(activity.getId(), reached);
                }
            }
            funnels.add(new Funnel(definition.getKey(), definition.getVersion(), entered, steps, ends));
        }
        return funnels;
    }
}
