package io.rekindle.gdpr;

import java.time.Duration;
import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * GDPR erasure: a contact with no activity of his own (click, visit, purchase; opens do not count,
 * mail clients fetch the pixel by themselves) and no sign-up within {@code inactivityPeriod} is erased.
 * Candidates are read {@code chunkSize} at a time; one engine job works at most {@code jobBudget}.
 */
@ConfigurationProperties("rekindle.gdpr")
public record GdprProperties(
        @DefaultValue("P36M") Period inactivityPeriod,
        @DefaultValue("500") int chunkSize,
        @DefaultValue("PT20S") Duration jobBudget) {
}
