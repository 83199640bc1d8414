package io.rekindle.simulation;

import java.io.IOException;

import jakarta.validation.Valid;

import io.rekindle.system.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The journey simulator for marketing ops: a persona's timeline in, the dated messages and journey ends out. */
@RestController
@Tag(name = "Simulator")
@RequestMapping("/api/simulations")
class SimulatorController {

    private final JourneySimulator simulator;

    SimulatorController(JourneySimulator simulator) {
        this.simulator = simulator;
    }

    @Operation(summary = "Simulate a journey", description = "Runs the journey's latest model on a synthetic"
            + " population in a separate engine and reports the paths taken; nothing is sent. experiments: the arm the"
            + " persona took at each variant split; persona.arms chooses it per experiment id instead of the hash.")
    @ApiProblem(status = 400, when = "A field is invalid, or persona.arms names an experiment no split of the deployed"
            + " journeys runs, or an arm its split does not declare.")
    @ApiProblem(status = 503, when = "Another simulation is running; Retry-After says when to try again.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    SimulationResult simulate(@Valid @RequestBody SimulationRequest request) throws IOException, InterruptedException {
        return simulator.simulate(request);
    }

    /** 503 at once while another simulation runs; one takes a few seconds, hence Retry-After. */
    @ExceptionHandler(JourneySimulator.Busy.class)
    ResponseEntity<ProblemDetail> busy(JourneySimulator.Busy e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Simulator busy");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
