package io.rekindle.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The durable inbox: a failed correlation goes again after {@code retryBase}, doubling up to {@code retryMax}; the
 * worker looks for due events every {@code retryInterval}, at most {@code batchSize} per run. An attempt holds its
 * event for {@code lock}: a node that dies mid-attempt leaves it to another after that.
 */
@ConfigurationProperties("rekindle.inbox")
public record InboxProperties(
        @DefaultValue("PT5S") Duration retryInterval,
        @DefaultValue("PT30S") Duration retryBase,
        @DefaultValue("PT1H") Duration retryMax,
        // far above one correlation (milliseconds; seconds behind another transaction's lock, the classification's
        // job holds one up to 20 s), short enough that an event cut off by a crash or an outage resumes soon
        @DefaultValue("PT30S") Duration lock,
        @DefaultValue("100") int batchSize) {
}
