package io.rekindle.classification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rekindle.system.ApiProblem;
import io.rekindle.system.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Classification")
@RequestMapping("/api")
class ClassificationController {

    private final ClassificationRuns runs;
    private final ClassificationProcess.ClassificationStarter starter;
    private final ClassificationRepository repository;
    private final DeployedDecisions decisions;
    private final Clock clock;
    private final ObjectMapper json;

    ClassificationController(ClassificationRuns runs, ClassificationProcess.ClassificationStarter starter,
            ClassificationRepository repository, DeployedDecisions decisions, Clock clock, ObjectMapper json) {
        this.runs = runs;
        this.starter = starter;
        this.repository = repository;
        this.decisions = decisions;
        this.clock = clock;
        this.json = json;
    }

    /** Starts a run now (as the daily timer would); 202 with the run, 409 if one is going. */
    @Operation(summary = "Start a classification run now", description = "As the daily timer would.")
    @ApiResponse(responseCode = "202", description = "The run started; Location names it", useReturnTypeSchema = true)
    @ApiProblem(status = 409, when = "A classification run is already in progress.")
    @PostMapping("/classification/runs")
    ResponseEntity<RunView> start() {
        long id = starter.start();
        return ResponseEntity.accepted().location(URI.create("/api/classification/runs/" + id))
                .body(view(runs.run(id).orElseThrow()));
    }

    @Operation(summary = "A classification run")
    @ApiProblem(status = 404, when = "No classification run has this id.")
    @GetMapping("/classification/runs/{id}")
    RunView run(@PathVariable long id) {
        return view(runs.run(id).orElseThrow(() -> new NotFoundException("No classification run " + id + ".")));
    }

    @Operation(summary = "The latest classification runs", description = "limit 1 to 200.")
    @GetMapping("/classification/runs")
    List<RunView> recent(@RequestParam(defaultValue = "20") int limit) {
        return runs.recent(Math.max(1, Math.min(limit, 200))).stream().map(this::view).toList();
    }

    /** Why a contact is in its segment: what the last run decided, and what the latest decision says today. */
    @Operation(summary = "Why a contact is in its segment", description = "What the last run decided, and what the"
            + " latest decision table says today, rule by rule.")
    @ApiProblem(status = 404, when = "No contact has this id.")
    @GetMapping("/contacts/{id}/classification")
    Map<String, Object> explain(@PathVariable long id) {
        Instant at = clock.instant();
        ContactSnapshot contact = repository.snapshot(id, at)
                .orElseThrow(() -> new NotFoundException("No contact with id " + id + "."));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contactId", id);
        body.put("segment", contact.segment());
        body.put("engagementTag", Segments.engagementTag(contact.segment()));
        body.put("inactivityType", contact.inactivityType());
        body.put("priority", contact.priority());
        Integer version = repository.decisionVersion(id);
        body.put("decisionVersion", version);
        String storedDefinition = version == null ? null : decisions.definitionId(version);
        body.put("rule", rule(contact.ruleId(), storedDefinition));

        var latest = decisions.latest();
        ClassificationInput input = contact.input(at);
        ClassificationResult now = decisions.evaluator(latest.definitionId()).evaluate(input);
        Map<String, Object> today = new LinkedHashMap<>();
        today.put("inputs", input);
        today.put("decisionVersion", latest.version());
        today.put("segment", now.segment());
        today.put("inactivityType", now.inactivityType());
        today.put("priority", now.priority());
        today.put("rule", rule(now.matchedRule().ruleId(), latest.definitionId()));
        today.put("decisionsEvaluated", now.explanation());
        body.put("ifClassifiedNow", today);
        // the marketing-pressure limit this segment gets: explained there (the pressure feature reads segments)
        body.put("marketingPressure", "/api/contacts/" + id + "/pressure");
        return body;
    }

    private Map<String, Object> rule(String ruleId, String definitionId) {
        if (ruleId == null) {
            return null;
        }
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", ruleId);
        rule.put("annotation", definitionId == null ? null : decisions.annotations(definitionId).get(ruleId));
        return rule;
    }

    @ExceptionHandler(RunInProgressException.class)
    ProblemDetail runInProgress(RunInProgressException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "A classification run is already in progress; follow it at GET /api/classification/runs.");
        problem.setTitle("Run in progress");
        return problem;
    }

    private RunView view(ClassificationRun run) {
        Instant end = run.finishedAt() != null ? run.finishedAt() : clock.instant();
        double seconds = Math.max(0.001, Duration.between(run.startedAt(), end).toMillis() / 1000.0);
        return new RunView(run.id(), run.status(), run.startedAt(), run.finishedAt(), run.decisionVersion(),
                run.contactsTotal(), run.contactsDone(), run.contactsChanged(), Math.round(run.contactsDone() / seconds),
                run.entriesPublished(), run.entriesFailed(), counts(run.segmentCounts()), run.durationMs(),
                run.processInstanceId());
    }

    private Map<String, Long> counts(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return json.readValue(stored, new TypeReference<LinkedHashMap<String, Long>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable segment counts of a run", e);
        }
    }

    record RunView(long id, String status, Instant startedAt, Instant finishedAt, int decisionVersion,
            long contactsTotal, long contactsDone, long contactsChanged, long contactsPerSecond,
            long entriesPublished, long entriesFailed, Map<String, Long> segmentCounts, Long durationMs,
            String processInstanceId) {
    }
}
