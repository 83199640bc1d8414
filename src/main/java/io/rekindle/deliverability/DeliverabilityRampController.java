package io.rekindle.deliverability;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Where the deliverability ramp stands: today's slots, how many were given, who still waits, the recent steps. */
@RestController
@Tag(name = "Deliverability")
class DeliverabilityRampController {

    private final DeliverabilityRamp ramp;

    DeliverabilityRampController(DeliverabilityRamp ramp) {
        this.ramp = ramp;
    }

    @Operation(summary = "Where the deliverability ramp stands", description = "Today's send slots for the"
            + " win-back's emails and how many are used.")
    @GetMapping("/api/deliverability-ramp")
    DeliverabilityRamp.Status status() {
        return ramp.status();
    }
}
