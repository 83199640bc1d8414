package io.rekindle.classification;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a run walks the base: chunks of {@code chunkSize} contacts, each committed with its checkpoint;
 * one engine job works at most {@code jobBudget} and then hands over to the next, so no job outlives
 * its lock and progress shows in Cockpit. Segment entries go out as messages {@code publishBatchSize} at a time.
 */
@ConfigurationProperties("rekindle.classification")
public record ClassificationProperties(
        @DefaultValue("5000") int chunkSize,
        @DefaultValue("PT20S") Duration jobBudget,
        @DefaultValue("500") int publishBatchSize) {
}
