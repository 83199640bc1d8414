package io.rekindle.channel;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Email delivery. With {@code enabled=false} (the embedded default) nothing leaves: messages stay in
 * the outbox, readable at {@code GET /api/outbox}.
 */
@ConfigurationProperties("rekindle.mail")
public record MailProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("true") boolean scheduled,
        @DefaultValue("Rekindle <no-reply@rekindle.local>") String from,
        @DefaultValue("PT5S") Duration dispatchInterval,
        @DefaultValue("50") int batchSize,
        @DefaultValue("PT30S") Duration retryBase,
        @DefaultValue("PT1H") Duration retryMax,
        // covers one message only (a dispatcher locks each row as it claims it): a crashed node's row goes again
        // after this; above the worst case of one slow SMTP exchange (5 s to connect, 10 s per read or write)
        @DefaultValue("PT2M") Duration lock,
        @DefaultValue("Europe/Paris") String displayZone,
        @DefaultValue("http://localhost:8080/") String shopUrl) {
}
