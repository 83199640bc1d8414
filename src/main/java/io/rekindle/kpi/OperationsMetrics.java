package io.rekindle.kpi;

import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.rekindle.engine.ProcessRuntime;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Gauges for operations, read at scrape time ({@code /actuator/prometheus}): the outbox backlog per channel, open
 * incidents and due jobs of the engine. Each is one indexed count, cheap enough for a scrape every few seconds.
 * Counters of sends and the classification run timer are recorded where those things happen.
 */
@Component
class OperationsMetrics implements MeterBinder {

    private static final List<String> CHANNELS = List.of("EMAIL", "SMS");

    private final JdbcClient jdbc;
    private final ProcessRuntime engine;

    OperationsMetrics(JdbcClient jdbc, ProcessRuntime engine) {
        this.jdbc = jdbc;
        this.engine = engine;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String channel : CHANNELS) {
            Gauge.builder("rekindle.outbox.backlog", () -> backlog(channel))
                    .description("Messages waiting in the outbox to be delivered")
                    .tag("channel", channel).register(registry);
        }
        Gauge.builder("rekindle.engine.incidents.open", engine::openIncidents)
                .description("Open incidents (failed steps waiting for an operator in Cockpit)").register(registry);
        Gauge.builder("rekindle.engine.jobs.due", engine::dueJobs)
                .description("Engine jobs due now (timers, async steps) not yet executed").register(registry);
    }

    private long backlog(String channel) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE channel = ? AND status IN ('PENDING', 'SENDING')")
                .param(channel).query(Long.class).single();
    }
}
