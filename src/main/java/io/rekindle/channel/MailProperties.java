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
        @DefaultValue("Rekindle <no-reply@rekindle.local>") String from,
        @DefaultValue("PT5S") Duration dispatchInterval,
        @DefaultValue("50") int batchSize,
        @DefaultValue("PT30S") Duration retryBase,
        @DefaultValue("PT1H") Duration retryMax,
        @DefaultValue("PT5M") Duration lock,
        @DefaultValue("Europe/Paris") String displayZone,
        @DefaultValue("http://localhost:8080/") String shopUrl) {
}
