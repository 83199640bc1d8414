package io.rekindle.ingest;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code events}: Segment event name or CloudEvents {@code type} → PURCHASE, VISIT, UNSUBSCRIBED, LOYALTY_POINTS or IGNORE, on top of
 * the defaults of {@link EventMapping} (a key with spaces or dots is written in brackets:
 * {@code rekindle.ingest.events[Order Completed]=PURCHASE}). {@code maxBatchSize} and {@code maxEventSize}: Segment's
 * limits (500 KB per request, 32 KB per event), applied to CloudEvents too. {@code externalIdAttribute}: the
 * CloudEvents extension attribute naming the contact by external id (else {@code subject}).
 */
@ConfigurationProperties("rekindle.ingest")
public record IngestProperties(
        Map<String, String> events,
        @DefaultValue("500KB") DataSize maxBatchSize,
        @DefaultValue("32KB") DataSize maxEventSize,
        @DefaultValue("externalid") String externalIdAttribute) {
}
