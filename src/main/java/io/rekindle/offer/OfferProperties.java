package io.rekindle.offer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How long a relaunch offer stays valid and what it is worth: marketing tunes these, not code. */
@ConfigurationProperties("rekindle.offers")
public record OfferProperties(
        @DefaultValue("P15D") Duration validity,
        @DefaultValue("10") int discountPercent) {
}
