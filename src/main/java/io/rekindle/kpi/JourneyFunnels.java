package io.rekindle.kpi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.rekindle.engine.ProcessHistory;
import io.rekindle.engine.ProcessModels;

import org.springframework.stereotype.Component;

/**
 * The funnel of each journey version from the engine's history: how many entered, how many reached each step and
 * how many ended at each end event (the history's own per-activity statistics, one query per version).
 */
@Component
class JourneyFunnels {

    record Funnel(String journey, int version, long entered, Map<String, Long> steps, Map<String, Long> ends) {
    }

    private final ProcessModels models;
    private final ProcessHistory history;

    JourneyFunnels(ProcessModels models, ProcessHistory history) {
        this.models = models;
        this.history = history;
    }

    List<Funnel> funnels(String journey, Integer version, Set<String> journeys) {
        List<Funnel> funnels = new ArrayList<>();
        for (ProcessModels.Definition definition : models.processDefinitions(journey, version)) {
            if (!journeys.contains(definition.key())) {
                continue;
            }
            long entered = history.started(definition.id());
            if (entered == 0) {
                continue;
            }
            Map<String, Boolean> isEnd = models.flowNodes(definition.id());
            Map<String, Long> steps = new LinkedHashMap<>();
            Map<String, Long> ends = new LinkedHashMap<>();
            for (ProcessHistory.StepCount activity : history.steps(definition.id())) {
                long reached = activity.instances() + activity.finished();
                if (Boolean.TRUE.equals(isEnd.get(activity.activityId()))) {
                    ends.put(activity.activityId(), activity.finished());
                } else {
                    steps.put(activity.activityId(), reached);
                }
            }
            funnels.add(new Funnel(definition.key(), definition.version(), entered, steps, ends));
        }
        return funnels;
    }
}
