package io.rekindle.sms;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SMS provider's HTTP API: {@code POST <baseUrl>/messages} with a JSON body, a bearer token and an idempotency
 * key per message. With {@code enabled=false} (the default) SMS stay in the outbox, readable at GET /api/outbox.
 */
@ConfigurationProperties("rekindle.sms")
public record SmsProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("http://localhost:8090") String baseUrl,
        String apiKey,
        @DefaultValue("Rekindle") String sender,
        @DefaultValue("PT5S") Duration timeout,
        @DefaultValue("PT5S") Duration dispatchInterval,
        @DefaultValue("50") int batchSize,
        @DefaultValue("PT30S") Duration retryBase,
        @DefaultValue("PT1H") Duration retryMax,
        // covers one request only (each row is locked as it is claimed), far above its timeout: a crashed node's row
        // goes again after this
        @DefaultValue("PT1M") Duration lock) {
}
