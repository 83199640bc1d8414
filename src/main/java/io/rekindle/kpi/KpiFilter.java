package io.rekindle.kpi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the KPIs are restricted to; every field optional. Dates apply to when a message was written. */
record KpiFilter(String journey, Integer version, String channel, String template, Instant from, Instant to) {

    /** The SQL conditions on outbox_message {@code m}, with their parameters (never user input in the SQL). */
    String where(List<Object> params) {
        List<String> conditions = new ArrayList<>();
        conditions.add("1 = 1");
        if (journey != null) {
            conditions.add("m.journey = ?");
            params.add(journey);
        }
        if (channel != null) {
            conditions.add("m.channel = ?");
            params.add(channel);
        }
        if (template != null) {
            conditions.add("m.template = ?");
            params.add(template);
        }
        if (from != null) {
            conditions.add("m.created_at >= ?");
            params.add(io.rekindle.system.Times.utc(from));
        }
        if (to != null) {
            conditions.add("m.created_at < ?");
            params.add(io.rekindle.system.Times.utc(to));
        }
        return String.join(" AND ", conditions);
    }
}
