package io.rekindle.deliverability;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Where the deliverability ramp stands: today's slots, how many were given, who still waits, the recent steps. */
@RestController
class DeliverabilityRampController {

    private final DeliverabilityRamp ramp;

    DeliverabilityRampController(DeliverabilityRamp ramp) {
        this.ramp = ramp;
    }

    @GetMapping("/api/deliverability-ramp")
    DeliverabilityRamp.Status status() {
        return ramp.status();
    }
}
