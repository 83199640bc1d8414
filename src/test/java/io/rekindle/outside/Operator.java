package io.rekindle.outside;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an operator does through the engine REST API (Cockpit does the same): find a journey, execute its timer
 * now instead of waiting 30 days, read what the journey went through.
 */
final class Operator {

    private final Client engine;

    Operator(Client admin) {
        this.engine = admin;
    }

    /** The running instance of {@code processKey} for this contact (business key = contact id). */
    String instanceOf(String processKey, long contactId) {
        JsonNode list = engine.get("/engine-rest/process-instance?processDefinitionKey=" + processKey
                + "&businessKey=" + contactId).expect(200).json();
        if (list.size() != 1) {
            throw new AssertionError(list.size() + " running " + processKey + " for contact " + contactId);
        }
        return list.get(0).get("id").asText();
    }

    /** Every instance of {@code processKey} ever started for this contact, running or ended. */
    List<JsonNode> historyOf(String processKey, long contactId) {
        JsonNode list = engine.get("/engine-rest/history/process-instance?processDefinitionKey=" + processKey
                + "&processInstanceBusinessKey=" + contactId).expect(200).json();
        var all = new ArrayList<JsonNode>();
        list.forEach(all::add);
        return all;
    }

    /**
     * Executes the timer sitting on {@code activityId} (a timer event's id, or a boundary/intermediate timer) of
     * this instance now: {@code GET /engine-rest/job?processInstanceId=…&activityId=…}, then
     * {@code POST /engine-rest/job/{id}/execute}; once the journey waits there (a sign-up's welcome goes first).
     */
    void fireTimer(String processInstanceId, String activityId) {
        String job = awaitTimer(processInstanceId, activityId);
        engine.postJson("/engine-rest/job/" + job + "/execute", "").expect(204);
    }

    /** The timer's job id, once the journey waits there (a sign-up's welcome goes first). */
    String awaitTimer(String processInstanceId, String activityId) {
        OutsideInTest.await("a timer at " + activityId, () -> timer(processInstanceId, activityId).isPresent());
        return timer(processInstanceId, activityId)
                .orElseThrow(() -> new AssertionError("no timer at " + activityId + " in " + processInstanceId
                        + "; jobs: " + engine.get("/engine-rest/job?processInstanceId=" + processInstanceId).body()));
    }

    /**
     * The timers of every instance of {@code processKey} waiting at {@code activityId}, as Cockpit lists them before an
     * operator executes them all: job ids.
     */
    List<String> timersAt(String processKey, String activityId) {
        JsonNode jobs = engine.get("/engine-rest/job?processDefinitionKey=" + processKey + "&activityId=" + activityId
                + "&timers=true&firstResult=0&maxResults=10000").expect(200).json();
        var ids = new ArrayList<String>();
        jobs.forEach(j -> ids.add(j.get("id").asText()));
        return ids;
    }

    /** {@code POST /engine-rest/job/{id}/execute}: the job runs now. */
    void execute(String jobId) {
        engine.postJson("/engine-rest/job/" + jobId + "/execute", "").expect(204);
    }

    Optional<String> timer(String processInstanceId, String activityId) {
        JsonNode jobs = engine.get("/engine-rest/job?processInstanceId=" + processInstanceId + "&activityId="
                + activityId + "&timers=true").expect(200).json();
        return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0).get("id").asText());
    }

    /** {@link #timersAt}, once there are {@code count} of them: each sign-up's welcome leaves before its J+30 wait. */
    List<String> awaitTimersAt(String processKey, String activityId, int count) {
        OutsideInTest.await(count + " timers at " + activityId,
                () -> timersAt(processKey, activityId).size() >= count);
        return timersAt(processKey, activityId);
    }

    /** The activity ids this instance went through, in order. */
    List<String> passed(String processInstanceId) {
        JsonNode list = engine.get("/engine-rest/history/activity-instance?processInstanceId=" + processInstanceId
                + "&sortBy=startTime&sortOrder=asc").expect(200).json();
        var ids = new ArrayList<String>();
        list.forEach(a -> ids.add(a.get("activityId").asText()));
        return ids;
    }

    /** COMPLETED, ACTIVE, INTERNALLY_TERMINATED… */
    String state(String processInstanceId) {
        return engine.get("/engine-rest/history/process-instance/" + processInstanceId).expect(200).json()
                .get("state").asText();
    }

    /** Whether the instance waits at {@code activityId} now. */
    boolean waitsAt(String processInstanceId, String activityId) {
        JsonNode tree = engine.get("/engine-rest/process-instance/" + processInstanceId + "/activity-instances")
                .json();
        return tree.has("childActivityInstances") && tree.toString().contains("\"activityId\":\"" + activityId + "\"");
    }

    /** The latest value of a process variable, from history (it outlives the instance). */
    JsonNode variable(String processInstanceId, String name) {
        JsonNode list = engine.get("/engine-rest/history/variable-instance?processInstanceId=" + processInstanceId
                + "&variableName=" + name).expect(200).json();
        return list.isEmpty() ? null : list.get(0).get("value");
    }

    int openIncidents() {
        return engine.get("/engine-rest/incident/count").expect(200).json().get("count").asInt();
    }

    String incidents() {
        return engine.get("/engine-rest/incident").body();
    }
}
