package io.rekindle.pressure;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * At most {@code maxMessages} marketing messages per contact per rolling {@code period}, across all journeys and
 * channels, checked right before delivery. Over the cap, each message type has its policy: DEFER (waits until the
 * oldest counted message leaves the period), SKIP (recorded as SKIPPED / PRESSURE_CAP) or EXEMPT (answers the
 * contact's own action: neither capped nor counted).
 */
@Component
public class MarketingPressure {

    enum Policy { DEFER, SKIP, EXEMPT }

    public sealed interface Decision permits Send, Defer, Skip {
    }

    public record Send() implements Decision {
    }

    public record Defer(Instant until) implements Decision {
    }

    public record Skip() implements Decision {
    }

    @ConfigurationProperties("rekindle.pressure")
    public record Settings(Integer maxMessages, Duration period, Map<String, Policy> policy) {

        int max() {
            return maxMessages == null ? 2 : maxMessages;
        }

        Duration window() {
            return period == null ? Duration.ofDays(7) : period;
        }

        Policy policyOf(String template) {
            return policy == null ? Policy.DEFER : policy.getOrDefault(template, Policy.DEFER);
        }

        List<String> exempt() {
            return policy == null ? List.of() : policy.entrySet().stream().filter(e -> e.getValue() == Policy.EXEMPT)
                    .map(Map.Entry::getKey).toList();
        }
    }

    private final JdbcClient jdbc;
    private final Settings settings;

    MarketingPressure(JdbcClient jdbc, Settings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** For message {@code messageId} (template {@code template}) to {@code contactId}, about to leave at {@code now}. */
    public Decision decide(long contactId, long messageId, String template, Instant now) {
        Policy policy = settings.policyOf(template);
        if (policy == Policy.EXEMPT) {
            return new Send();
        }
        List<String> exempt = settings.exempt();
        String notExempt = exempt.isEmpty() ? "" : " AND template NOT IN (" + String.join(", ",
                exempt.stream().map(t -> "?").toList()) + ")";
        List<Object> params = new java.util.ArrayList<>(List.of(contactId, messageId,
                io.rekindle.system.Times.utc(now.minus(settings.window()))));
        params.addAll(exempt);
        List<Instant> recent = jdbc.sql("SELECT sent_at FROM outbox_message WHERE contact_id = ? AND id <> ?"
                        + " AND sent_at IS NOT NULL AND sent_at > ?" + notExempt + " ORDER BY sent_at")
                .params(params).query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant()).list();
        if (recent.size() < settings.max()) {
            return new Send();
        }
        if (policy == Policy.SKIP) {
            return new Skip();
        }
        // allowed again when enough of the counted messages have left the rolling period
        return new Defer(recent.get(recent.size() - settings.max()).plus(settings.window()));
    }
}
