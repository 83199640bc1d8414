package io.rekindle.pressure;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.rekindle.preferences.Frequency;
import io.rekindle.system.Times;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * At most so many marketing messages per contact per rolling period, across all journeys and channels, checked right
 * before delivery. The limit depends on the contact's segment (the latest daily classification), as the analysts'
 * decision table {@code dmn/marketing-pressure.dmn} says: the less engaged, the gentler (seed 001). Over the cap, each
 * message type has its policy: DEFER (waits until the oldest counted message leaves the period), SKIP (recorded as
 * SKIPPED / PRESSURE_CAP) or EXEMPT (answers the contact's own action: neither capped nor counted). A contact's
 * frequency choice on its preference page (at most one a week, one a month) tightens its cap: the stricter of the two
 * applies, compared as messages per day.
 */
@Component
public class MarketingPressure {

    enum Policy { DEFER, SKIP, EXEMPT }

    public sealed interface Decision permits Send, Defer, Skip {
    }

    public record Send() implements Decision {
    }

    /** @param limit the limit that applied, as an explanation shows it ("INACTIVE: 1 per 14 days") */
    public record Defer(Instant until, String limit) implements Decision {
    }

    /** @param limit the limit that applied, as an explanation shows it ("INACTIVE: 1 per 14 days") */
    public record Skip(String limit) implements Decision {
    }

    /**
     * {@code maxMessages} and {@code period}, when set, replace the table's numbers for every contact: an operator's
     * override (a test environment where months pass in minutes), unset as shipped.
     */
    @ConfigurationProperties("rekindle.pressure")
    public record Settings(Integer maxMessages, Duration period, Map<String, Policy> policy) {

        Policy policyOf(String template) {
            return policy == null ? Policy.DEFER : policy.getOrDefault(template, Policy.DEFER);
        }

        List<String> exempt() {
            return policy == null ? List.of() : policy.entrySet().stream().filter(e -> e.getValue() == Policy.EXEMPT)
                    .map(Map.Entry::getKey).toList();
        }

        boolean overrides() {
            return maxMessages != null || period != null;
        }
    }

    /**
     * The limit that applies to a contact now, with the messages it counts. {@code preference}: the contact's
     * frequency choice when it is what applies (stricter than the segment's), else null.
     */
    record Applied(PressureTable.Limit limit, int maxMessages, Duration period, boolean overridden,
                   Frequency.Cap preference, List<Instant> counted) {

        String describe() {
            if (preference != null) {
                return preference.describe() + " (stricter than " + segmentLimit() + ")";
            }
            return segmentLimit();
        }

        private String segmentLimit() {
            return limit.describe() + (overridden ? " (rekindle.pressure overrides the table)" : "");
        }

        boolean full() {
            return counted.size() >= maxMessages;
        }

        /** When enough of the counted messages have left the rolling period to make room for one more. */
        Instant room() {
            return counted.get(counted.size() - maxMessages).plus(period);
        }
    }

    private final JdbcClient jdbc;
    private final Settings settings;
    private final PressureTable table;

    MarketingPressure(JdbcClient jdbc, Settings settings, PressureTable table) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.table = table;
    }

    /**
     * For message {@code messageId} (template {@code template}) to {@code contactId}, about to leave at {@code now};
     * {@code preference} the cap the contact's frequency choice puts on it (null: none).
     */
    public Decision decide(long contactId, long messageId, String template, Instant now, Frequency.Cap preference) {
        Policy policy = settings.policyOf(template);
        if (policy == Policy.EXEMPT) {
            return new Send();
        }
        Optional<Applied> applied = applied(contactId, messageId, now, preference);
        if (applied.isEmpty() || !applied.get().full()) {
            return new Send();
        }
        if (policy == Policy.SKIP) {
            return new Skip(applied.get().describe());
        }
        return new Defer(applied.get().room(), applied.get().describe());
    }

    /** The limit that applies to {@code contactId} at {@code now} and what it counts; empty: no such contact. */
    Optional<Applied> applied(long contactId, Instant now, Frequency.Cap preference) {
        return applied(contactId, -1, now, preference);
    }

    /**
     * One statement, on the dispatch path: the contact's segment and its messages sent over the table's longest
     * period (then kept to its own period), leaving out message {@code messageId} and the exempt templates.
     */
    private Optional<Applied> applied(long contactId, long messageId, Instant now, Frequency.Cap preference) {
        Duration read = settings.period() != null ? settings.period() : table.longestPeriod();
        if (preference != null && preference.period().compareTo(read) > 0) {
            read = preference.period();
        }
        List<String> exempt = settings.exempt();
        String notExempt = exempt.isEmpty() ? "" : " AND m.template NOT IN (" + String.join(", ",
                exempt.stream().map(t -> "?").toList()) + ")";
        List<Object> params = new ArrayList<>(List.of(messageId, Times.utc(now.minus(read))));
        params.addAll(exempt);
        params.add(contactId);
        record Row(String segment, Instant sentAt) {
        }
        List<Row> rows = jdbc.sql("SELECT c.segment, m.sent_at FROM contact c LEFT JOIN outbox_message m"
                        + " ON m.contact_id = c.id AND m.id <> ? AND m.sent_at IS NOT NULL AND m.sent_at > ?" + notExempt
                        + " WHERE c.id = ? ORDER BY m.sent_at")
                .params(params).query((rs, n) -> new Row(rs.getString(1),
                        Times.instant(rs.getObject(2, OffsetDateTime.class)))).list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        PressureTable.Limit limit = table.limit(rows.get(0).segment());
        int max = settings.maxMessages() != null ? settings.maxMessages() : limit.maxMessages();
        Duration period = settings.period() != null ? settings.period() : limit.period();
        // the stricter as a rate: fewer messages per day (1 per 7 days is stricter than 2 per 7 days, not than 1 per 14)
        boolean preferred = preference != null && (long) preference.maxMessages() * period.getSeconds()
                < (long) max * preference.period().getSeconds();
        if (preferred) {
            max = preference.maxMessages();
            period = preference.period();
        }
        Instant since = now.minus(period);
        List<Instant> counted = rows.stream().map(Row::sentAt).filter(t -> t != null && t.isAfter(since)).toList();
        return Optional.of(new Applied(limit, max, period, settings.overrides(), preferred ? preference : null,
                counted));
    }
}
