package io.rekindle.deliverability;

import static io.rekindle.system.Times.utc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The deliverability ramp for inactive email targets (seed 000). Mailbox providers only see how people treat a
 * sender's mail; a sudden wave to people who stopped opening it looks like spam and hurts every later send. So the
 * win-back's emails go out in daily steps: the first day has {@code initialVolume} send slots, each later day at most
 * {@code growth} (10 % at most) more than the slots the last step really used, and slots go to the most recently
 * active contacts first — email activity (last click or open), then a visit or purchase, then who waited longest.
 * The others wait in the journey for a later day; an unsubscribe or a comeback ends that wait like any other.
 */
@Service
public class DeliverabilityRamp {

    private static final Logger log = LoggerFactory.getLogger(DeliverabilityRamp.class);
    private static final BigDecimal MAX_GROWTH = new BigDecimal("0.10");

    @ConfigurationProperties("rekindle.ramp")
    public record Settings(@DefaultValue("true") boolean enabled, @DefaultValue("1000") int initialVolume,
            @DefaultValue("0.10") BigDecimal growth, @DefaultValue("Europe/Paris") ZoneId zone,
            @DefaultValue("P7D") Duration memory, @DefaultValue("500") int batchSize) {

        public Settings {
            if (initialVolume < 1) {
                throw new IllegalArgumentException("rekindle.ramp.initial-volume must be at least 1, not "
                        + initialVolume);
            }
            // the seed's rule: widen by 10 % per step at most; faster means turning the ramp off, on purpose
            if (growth.signum() < 0 || growth.compareTo(MAX_GROWTH) > 0) {
                throw new IllegalArgumentException("rekindle.ramp.growth must be between 0 and 0.10 (10 % per day),"
                        + " not " + growth + "; set rekindle.ramp.enabled=false to send without a ramp");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("rekindle.ramp.batch-size must be at least 1");
            }
        }
    }

    /** A contact's journey waiting for a send slot. */
    public record Slot(long id, long contactId, String processInstanceId) {
    }

    /** One day of the ramp: how many slots it has and how many it gave. */
    public record Step(LocalDate day, int quota, int granted) {
    }

    public record Status(boolean enabled, LocalDate today, int quotaToday, int grantedToday, long waiting,
            int initialVolume, BigDecimal growth, List<Step> recentSteps) {
    }

    private final JdbcClient jdbc;
    private final Settings settings;
    private final Clock clock;

    DeliverabilityRamp(JdbcClient jdbc, Settings settings, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
        Gauge.builder("rekindle.ramp.waiting", this, DeliverabilityRamp::waiting)
                .description("Win-back journeys waiting for an email send slot (deliverability ramp)")
                .register(meters);
    }

    public int batchSize() {
        return settings.batchSize();
    }

    /**
     * A win-back bound for an email joins the ramp. Returns true when it may send at once (the ramp is off), false
     * when it waits for a slot. A step executed again joins once.
     */
    @Transactional
    public boolean join(long contactId, String processInstanceId) {
        if (!settings.enabled()) {
            return true;
        }
        Optional<Boolean> granted = jdbc.sql("SELECT granted_at IS NOT NULL FROM ramp_queue WHERE process_instance_id = ?")
                .param(processInstanceId).query(Boolean.class).optional();
        if (granted.isPresent()) {
            return granted.get();
        }
        jdbc.sql("INSERT INTO ramp_queue (contact_id, process_instance_id, queued_at) VALUES (?, ?, ?)")
                .params(contactId, processInstanceId, utc(clock.instant())).update();
        return false;
    }

    /**
     * The next journeys to get a slot today, the most recently active first: at most {@code max}, and never more than
     * today's slots left. An empty list means today is full or nobody waits.
     */
    @Transactional
    public List<Slot> nextSlots(int max) {
        LocalDate today = today();
        Step step = todaysStep(today);
        int room = Math.min(max, step.quota() - step.granted());
        if (room <= 0) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT q.id, q.contact_id, q.process_instance_id
                FROM ramp_queue q JOIN contact c ON c.id = q.contact_id
                WHERE q.granted_at IS NULL
                ORDER BY GREATEST(COALESCE(c.last_email_click_at, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00'),
                                  COALESCE(c.last_email_open_at, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00')) DESC,
                         GREATEST(COALESCE(c.last_visit_at, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00'),
                                  COALESCE(c.last_purchase_at, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00')) DESC,
                         q.queued_at, q.id
                LIMIT :room""")
                .param("room", room)
                .query((rs, n) -> new Slot(rs.getLong(1), rs.getLong(2), rs.getString(3))).list();
    }

    /** The journey got its slot: it counts in today's step. */
    @Transactional
    public void granted(Slot slot) {
        jdbc.sql("UPDATE ramp_queue SET granted_at = ?, granted_on = ? WHERE id = ? AND granted_at IS NULL")
                .params(utc(clock.instant()), today(), slot.id()).update();
    }

    /** The journey no longer waits (it ended: came back, unsubscribed, erased): it leaves the queue, using no slot. */
    @Transactional
    public void gone(Slot slot) {
        jdbc.sql("DELETE FROM ramp_queue WHERE id = ? AND granted_at IS NULL").param(slot.id()).update();
    }

    @Transactional
    public Status status() {
        LocalDate today = today();
        Optional<Step> step = step(today);
        int quota = step.map(Step::quota).orElseGet(() -> quotaFor(today));
        List<Step> recent = jdbc.sql("""
                        SELECT s.on_day, s.quota, COUNT(q.id) FROM ramp_step s LEFT JOIN ramp_queue q ON q.granted_on = s.on_day
                        GROUP BY s.on_day, s.quota ORDER BY s.on_day DESC LIMIT 30""")
                .query((rs, n) -> new Step(rs.getObject(1, LocalDate.class), rs.getInt(2), rs.getInt(3))).list();
        return new Status(settings.enabled(), today, quota, step.map(Step::granted).orElse(0), waiting(),
                settings.initialVolume(), settings.growth(), recent);
    }

    long waiting() {
        return jdbc.sql("SELECT COUNT(*) FROM ramp_queue WHERE granted_at IS NULL").query(Long.class).single();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), settings.zone());
    }

    private Step todaysStep(LocalDate today) {
        return step(today).orElseGet(() -> {
            // one grant run at a time (the daily classification allows one run): no race on the day's row
            int quota = quotaFor(today);
            jdbc.sql("INSERT INTO ramp_step (on_day, quota) VALUES (?, ?)").params(today, quota).update();
            log.info("Deliverability ramp: {} email send slots for {}", quota, today);
            return new Step(today, quota, 0);
        });
    }

    private Optional<Step> step(LocalDate day) {
        return jdbc.sql("SELECT quota FROM ramp_step WHERE on_day = ?").param(day).query(Integer.class).optional()
                .map(quota -> new Step(day, quota, grantedOn(day)));
    }

    /** Slots given on a day: the queue keeps who got one and when, the only record of it. */
    private int grantedOn(LocalDate day) {
        return jdbc.sql("SELECT COUNT(*) FROM ramp_queue WHERE granted_on = ?").param(day).query(Integer.class).single();
    }

    /**
     * Today's slots: the initial volume, or the last step's real volume widened by the growth, whichever is larger.
     * A step older than {@code memory} is forgotten (providers forget a sender's volume too): the ramp starts over.
     */
    int quotaFor(LocalDate today) {
        LocalDate since = today.minusDays(settings.memory().toDays());
        int last = jdbc.sql("SELECT COUNT(*) FROM ramp_queue WHERE granted_on = (SELECT MAX(granted_on) FROM ramp_queue"
                        + " WHERE granted_on < ? AND granted_on >= ?)")
                .params(today, since).query(Integer.class).single();
        int widened = new BigDecimal(last).multiply(BigDecimal.ONE.add(settings.growth()))
                .setScale(0, RoundingMode.FLOOR).intValueExact();
        return Math.max(settings.initialVolume(), widened);
    }
}
