package io.rekindle.support.coverage;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What the tests of this JVM made the journeys do: flow nodes entered and sequence flows taken, per process id. */
public final class ProcessCoverage {

    private static final Map<String, Set<String>> NODES = new ConcurrentHashMap<>();
    private static final Map<String, Set<String>> FLOWS = new ConcurrentHashMap<>();

    private ProcessCoverage() {
    }

    static void node(String processDefinitionId, String activityId) {
        NODES.computeIfAbsent(key(processDefinitionId), k -> ConcurrentHashMap.newKeySet()).add(activityId);
    }

    static void flow(String processDefinitionId, String flowId) {
        FLOWS.computeIfAbsent(key(processDefinitionId), k -> ConcurrentHashMap.newKeySet()).add(flowId);
    }

    public static Set<String> nodes(String processId) {
        return Set.copyOf(NODES.getOrDefault(processId, Set.of()));
    }

    public static Set<String> flows(String processId) {
        return Set.copyOf(FLOWS.getOrDefault(processId, Set.of()));
    }

    public static boolean anything() {
        return !NODES.isEmpty();
    }

    private static String key(String processDefinitionId) {
        return processDefinitionId.split(":")[0];
    }
}
