package io.rekindle.sms;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import io.rekindle.outbox.Backoff;
import io.rekindle.outbox.DeliveryGate;
import io.rekindle.outbox.OutboxMessage;
import io.rekindle.outbox.OutboxRepository;
import io.rekindle.outbox.OutboxService;

/**
 * Delivers due SMS rows to the provider's HTTP API, like the email dispatcher: claim by conditional update, the send
 * rules again right before delivery, retries with capped exponential backoff on timeouts, connection errors and 5xx,
 * none on 4xx (the request itself is wrong: FAILED). Every request carries the row's idempotency key, so a retry
 * after a lost answer is not a second SMS at the provider.
 */
@Component
@ConditionalOnProperty(name = "rekindle.sms.enabled", havingValue = "true")
public class SmsDispatcher {

    private static final Logger log = LoggerFactory.getLogger(SmsDispatcher.class);

    private final OutboxRepository outbox;
    private final SmsProperties properties;
    private final Clock clock;
    private final DeliveryGate gate;
    private final MeterRegistry meters;
    private final ObjectMapper json;
    private final HttpClient http;
    private final SendWindows windows;

    SmsDispatcher(OutboxRepository outbox, DeliveryGate gate, SmsProperties properties, Clock clock,
            MeterRegistry meters, ObjectMapper json, SendWindows windows) {
        this.windows = windows;
        this.outbox = outbox;
        this.gate = gate;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Sends what is due now; returns how many SMS the provider accepted. */
    public int dispatchDue() {
        int sent = 0;
        Instant now = clock.instant();
        if (!windows.isOpen(now)) {
            // outside the send window nothing goes: due SMS wait for the next opening, none is lost
            outbox.deferDue(OutboxService.SMS, now, windows.nextOpening(now));
            return 0;
        }
        for (long id : outbox.dueIds(OutboxService.SMS, now, properties.batchSize())) {
            // the clock again for each row: a lock counted from the start of a slow run would have run out already
            var admitted = gate.admit(id, OutboxService.SMS, clock.instant(), properties.lock());
            if (admitted.isEmpty()) {
                continue;
            }
            OutboxMessage message = admitted.get().message();
            Outcome outcome = send(message);
            switch (outcome.kind()) {
                case ACCEPTED -> {
                    outbox.markSent(id, clock.instant());
                    sent++;
                    count("sent");
                    log.info("SMS {} ({}) sent to contact {}", id, message.template(), message.contactId());
                }
                case REFUSED -> {
                    outbox.markFailed(id, outcome.detail());
                    count("failed");
                    log.error("SMS {} refused by the provider for good: {}", id, outcome.detail());
                }
                case RETRY -> {
                    Instant next = clock.instant().plus(backoff(message.attempts()));
                    outbox.retryLater(id, next, outcome.detail());
                    count("retry");
                    log.warn("SMS {} not delivered (attempt {}), retrying at {}: {}", id, message.attempts(), next,
                            outcome.detail());
                }
            }
        }
        return sent;
    }

    private enum Kind { ACCEPTED, REFUSED, RETRY }

    private record Outcome(Kind kind, String detail) {
    }

    private Outcome send(OutboxMessage message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("to", message.recipient());
        body.put("from", properties.sender());
        body.put("text", message.bodyText());
        body.put("reference", "rekindle-" + message.id());
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(properties.baseUrl().replaceAll("/$", "") + "/messages"))
                    .timeout(properties.timeout())
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", "rekindle-sms-" + message.id())
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        } catch (JsonProcessingException e) {
            return new Outcome(Kind.REFUSED, "cannot write the request: " + e.getOriginalMessage());
        }
        if (properties.apiKey() != null && !properties.apiKey().isBlank()) {
            request.header("Authorization", "Bearer " + properties.apiKey());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Outcome(Kind.ACCEPTED, null);
            }
            String detail = "HTTP " + status;
            return status >= 400 && status < 500 && status != 408 && status != 429
                    ? new Outcome(Kind.REFUSED, detail) : new Outcome(Kind.RETRY, detail);
        } catch (IOException e) {
            return new Outcome(Kind.RETRY, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Kind.RETRY, "interrupted");
        }
    }

    Duration backoff(int attempts) {
        return Backoff.after(attempts, properties.retryBase(), properties.retryMax());
    }

    private void count(String outcome) {
        meters.counter("rekindle.messages", "channel", OutboxService.SMS, "outcome", outcome).increment();
    }
}
