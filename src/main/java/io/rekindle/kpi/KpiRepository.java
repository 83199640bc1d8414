package io.rekindle.kpi;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The KPI queries: grouped counts over the outbox and the events, each an index range scan (see V7__kpi_indexes.sql),
 * no pre-aggregation needed up to millions of rows.
 */
@Repository
class KpiRepository {

    /** A message group: one journey step, channel, template and sending stream (emails only). */
    record Step(String journey, String step, String channel, String template, String stream) {
    }

    record StatusCount(Step step, String status, String skipReason, long count, long deferred) {
    }

    record EventCount(Step step, String type, long messages) {
    }

    record Conversions(Step step, long purchases, BigDecimal revenue) {
    }

    record Reactivation(long entered, long reactivated, BigDecimal revenue) {
    }

    record Run(Instant at, String segmentCounts) {
    }

    record MonthlyReactivation(int year, int month, long entered, long reactivated) {
    }

    record Daily(java.time.LocalDate day, long count, BigDecimal amount) {
    }

    record JourneyDay(String journey, LocalDate day, long count) {
    }

    /** The columns of a {@link Step}, first in each grouped query. */
    private static final String STEP = "m.journey, m.activity_id, m.channel, m.template, m.stream";

    private final JdbcClient jdbc;

    KpiRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<StatusCount> statuses(KpiFilter filter) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT " + STEP + ", m.status, m.skip_reason, COUNT(*),"
                + " SUM(CASE WHEN m.pressure_deferrals > 0 THEN 1 ELSE 0 END)"
                + " FROM outbox_message m WHERE " + filter.where(params)
                + " GROUP BY " + STEP + ", m.status, m.skip_reason";
        return jdbc.sql(sql).params(params).query((rs, n) -> new StatusCount(step(rs), rs.getString(6),
                rs.getString(7), rs.getLong(8), rs.getLong(9))).list();
    }

    /**
     * Messages that got at least one event of each type pointing at them (opens, clicks, unsubscribes, bounces); the
     * clicks of link scanners apart (ROBOT_CLICKED).
     */
    List<EventCount> events(KpiFilter filter) {
        List<Object> params = new ArrayList<>();
        String type = "CASE WHEN e.type = 'BOUNCED' THEN 'BOUNCED_' || COALESCE(e.bounce, 'SOFT')"
                + " WHEN e.robot IS NOT NULL THEN 'ROBOT_CLICKED' ELSE e.type END";
        String sql = "SELECT " + STEP + ", " + type + ", COUNT(DISTINCT m.id)"
                + " FROM outbox_message m JOIN contact_event e ON e.message_id = m.id WHERE " + filter.where(params)
                + " GROUP BY " + STEP + ", " + type;
        return jdbc.sql(sql).params(params).query((rs, n) -> new EventCount(step(rs), rs.getString(6),
                rs.getLong(7))).list();
    }

    /**
     * Last touch: each purchase counts for the last message delivered to the contact within the window before it.
     * The window is a whole number of days from configuration, written into the SQL as a number.
     */
    List<Conversions> conversions(KpiFilter filter, long windowDays) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        String sql = "SELECT " + STEP + ", COUNT(*), COALESCE(SUM(p.amount), 0)"
                + lastTouch(windowDays) + where
                + " GROUP BY " + STEP;
        return jdbc.sql(sql).params(params).query((rs, n) -> new Conversions(step(rs), rs.getLong(6),
                rs.getBigDecimal(7))).list();
    }

    /**
     * Contacts who entered an inactive segment (INACTIVE, NEW_INACTIVE) in the period, how many of them came back
     * afterwards by their own doing (purchase, visit, click — not opens), and what they bought since.
     */
    Reactivation reactivation(Instant from, Instant to) {
        String entries = "SELECT contact_id, MIN(changed_at) AS entered_at FROM segment_history"
                + " WHERE to_segment IN ('INACTIVE', 'NEW_INACTIVE') AND changed_at >= ? AND changed_at < ?"
                + " GROUP BY contact_id";
        Object start = io.rekindle.system.Times.utc(from == null ? Instant.EPOCH : from);
        Object end = io.rekindle.system.Times.utc(to == null ? Instant.parse("9999-01-01T00:00:00Z") : to);
        long entered = jdbc.sql("SELECT COUNT(*) FROM (" + entries + ") x").params(start, end).query(Long.class)
                .single();
        long reactivated = jdbc.sql("SELECT COUNT(*) FROM (" + entries + ") x WHERE EXISTS (SELECT 1 FROM contact_event e"
                        + " WHERE e.contact_id = x.contact_id AND e.type IN ('PURCHASE', 'VISIT', 'EMAIL_CLICKED')"
                        + " AND e.robot IS NULL"
                        + " AND e.occurred_at > x.entered_at)")
                .params(start, end).query(Long.class).single();
        BigDecimal revenue = jdbc.sql("SELECT COALESCE(SUM(e.amount), 0) FROM (" + entries + ") x JOIN contact_event e"
                        + " ON e.contact_id = x.contact_id AND e.type = 'PURCHASE' AND e.occurred_at > x.entered_at")
                .params(start, end).query(BigDecimal.class).single();
        return new Reactivation(entered, reactivated, revenue);
    }

    /** The contacts' choices on the preference page as they stand, grouped as stored. */
    record PreferenceCount(boolean email, boolean sms, String frequency, boolean paused, String topicsOff,
            long contacts) {
    }

    List<PreferenceCount> preferences(Instant now) {
        return jdbc.sql("SELECT email_on, sms_on, frequency, paused, topics_off, COUNT(*) FROM (SELECT email_on, sms_on,"
                        + " frequency, CASE WHEN paused_until > ? THEN 1 ELSE 0 END AS paused, topics_off"
                        + " FROM contact_preference) p GROUP BY email_on, sms_on, frequency, paused, topics_off")
                .param(io.rekindle.system.Times.utc(now))
                .query((rs, n) -> new PreferenceCount(rs.getBoolean(1), rs.getBoolean(2), rs.getString(3),
                        rs.getInt(4) == 1, rs.getString(5), rs.getLong(6))).list();
    }

    /** Saves of the preference page in the period: [choices changed, unsubscribed from everything]. */
    long[] preferenceChanges(Instant from, Instant to) {
        Object start = io.rekindle.system.Times.utc(from == null ? Instant.EPOCH : from);
        Object end = io.rekindle.system.Times.utc(to == null ? Instant.parse("9999-01-01T00:00:00Z") : to);
        long[] counts = new long[2];
        jdbc.sql("SELECT unsubscribed_all, COUNT(*) FROM contact_preference_change WHERE changed_at >= ?"
                        + " AND changed_at < ? GROUP BY unsubscribed_all").params(start, end)
                .query((rs, n) -> counts[rs.getBoolean(1) ? 1 : 0] = rs.getLong(2)).list();
        return counts;
    }

    /** Messages delivered per day (UTC). */
    List<Daily> sentByDay(KpiFilter filter) {
        List<Object> params = new ArrayList<>();
        // sent_at stays on a message bounced afterwards: it was sent all the same
        String sql = "SELECT CAST(m.sent_at AS DATE), COUNT(*), 0 FROM outbox_message m WHERE m.sent_at IS NOT NULL AND "
                + filter.where(params) + " GROUP BY CAST(m.sent_at AS DATE) ORDER BY 1";
        return jdbc.sql(sql).params(params).query(KpiRepository::daily).list();
    }

    /** People's clicks on the messages (not link scanners'), per day of the click. */
    List<Daily> clicksByDay(KpiFilter filter) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT CAST(e.occurred_at AS DATE), COUNT(*), 0 FROM outbox_message m JOIN contact_event e"
                + " ON e.message_id = m.id AND e.type = 'EMAIL_CLICKED' AND e.robot IS NULL"
                + " WHERE " + filter.where(params)
                + " GROUP BY CAST(e.occurred_at AS DATE) ORDER BY 1";
        return jdbc.sql(sql).params(params).query(KpiRepository::daily).list();
    }

    /** Conversions (last touch, as in {@link #conversions}) and their revenue, per day of the purchase. */
    List<Daily> conversionsByDay(KpiFilter filter, long windowDays) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        String sql = "SELECT CAST(p.occurred_at AS DATE), COUNT(*), COALESCE(SUM(p.amount), 0)"
                + lastTouch(windowDays) + where
                + " GROUP BY CAST(p.occurred_at AS DATE) ORDER BY 1";
        return jdbc.sql(sql).params(params).query(KpiRepository::daily).list();
    }

    /** Delivered messages (sent and not hard-bounced) per journey and day of sending (UTC). */
    List<JourneyDay> deliveredByJourneyAndDay(KpiFilter filter) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT m.journey, CAST(m.sent_at AS DATE), COUNT(*) FROM outbox_message m"
                + " WHERE m.status = 'SENT' AND m.sent_at IS NOT NULL AND " + filter.where(params)
                + " GROUP BY m.journey, CAST(m.sent_at AS DATE)";
        return jdbc.sql(sql).params(params).query(KpiRepository::journeyDay).list();
    }

    /**
     * Conversions (last touch) per journey and day the converting message was sent: set against that day's deliveries
     * they make a rate of the same messages, which conversions by day of purchase would not.
     */
    List<JourneyDay> conversionsByJourneyAndSendDay(KpiFilter filter, long windowDays) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        String sql = "SELECT m.journey, CAST(m.sent_at AS DATE), COUNT(*)" + lastTouch(windowDays) + where
                + " GROUP BY m.journey, CAST(m.sent_at AS DATE)";
        return jdbc.sql(sql).params(params).query(KpiRepository::journeyDay).list();
    }

    /**
     * Per journey, the contacts who came back by their own doing (purchase, visit, a person's click — not opens)
     * within the attribution window after a message of the journey was delivered to them; each counted once.
     */
    Map<String, Long> reactivatedByJourney(KpiFilter filter, long windowDays) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT m.journey, COUNT(DISTINCT m.contact_id) FROM outbox_message m"
                + " WHERE m.status = 'SENT' AND " + filter.where(params)
                + " AND EXISTS (SELECT 1 FROM contact_event e WHERE e.contact_id = m.contact_id"
                + "   AND e.type IN ('PURCHASE', 'VISIT', 'EMAIL_CLICKED') AND e.robot IS NULL"
                + "   AND e.occurred_at >= m.sent_at AND e.occurred_at < m.sent_at + INTERVAL '" + windowDays + "' DAY)"
                + " GROUP BY m.journey";
        Map<String, Long> reactivated = new HashMap<>();
        jdbc.sql(sql).params(params).query(rs -> {
            reactivated.put(rs.getString(1), rs.getLong(2));
        });
        return reactivated;
    }

    /**
     * FROM and the start of WHERE of the last-touch attribution: each purchase {@code p} joined to the last message
     * {@code m} delivered to the contact within the window before it. The window is a whole number of days from
     * configuration, written into the SQL as a number.
     */
    private static String lastTouch(long windowDays) {
        return " FROM contact_event p JOIN outbox_message m ON m.id = ("
                + "   SELECT m2.id FROM outbox_message m2 WHERE m2.contact_id = p.contact_id AND m2.status = 'SENT'"
                + "   AND m2.sent_at <= p.occurred_at"
                + "   AND m2.sent_at > p.occurred_at - INTERVAL '" + windowDays + "' DAY"
                + "   ORDER BY m2.sent_at DESC, m2.id DESC LIMIT 1)"
                + " WHERE p.type = 'PURCHASE' AND ";
    }

    private static JourneyDay journeyDay(ResultSet rs, int row) throws SQLException {
        return new JourneyDay(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getLong(3));
    }

    private static Daily daily(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Daily(rs.getObject(1, java.time.LocalDate.class), rs.getLong(2), rs.getBigDecimal(3));
    }

    /** The same, by month of entering the inactive segment. */
    List<MonthlyReactivation> reactivationByMonth(Instant from, Instant to) {
        String sql = "SELECT EXTRACT(YEAR FROM x.entered_at), EXTRACT(MONTH FROM x.entered_at), COUNT(*),"
                + " SUM(CASE WHEN EXISTS (SELECT 1 FROM contact_event e WHERE e.contact_id = x.contact_id"
                + "   AND e.type IN ('PURCHASE', 'VISIT', 'EMAIL_CLICKED') AND e.robot IS NULL"
                + "   AND e.occurred_at > x.entered_at)"
                + "   THEN 1 ELSE 0 END)"
                + " FROM (SELECT contact_id, MIN(changed_at) AS entered_at FROM segment_history"
                + "   WHERE to_segment IN ('INACTIVE', 'NEW_INACTIVE') AND changed_at >= ? AND changed_at < ?"
                + "   GROUP BY contact_id) x"
                + " GROUP BY EXTRACT(YEAR FROM x.entered_at), EXTRACT(MONTH FROM x.entered_at) ORDER BY 1, 2";
        return jdbc.sql(sql).params(io.rekindle.system.Times.utc(from == null ? Instant.EPOCH : from),
                        io.rekindle.system.Times.utc(to == null ? Instant.parse("9999-01-01T00:00:00Z") : to))
                .query((rs, n) -> new MonthlyReactivation(rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }

    /** Finished classification runs with their counts per segment, oldest first. */
    List<Run> runs(Instant from, Instant to) {
        return jdbc.sql("SELECT started_at, segment_counts FROM classification_run WHERE status = 'FINISHED'"
                        + " AND started_at >= ? AND started_at < ? ORDER BY started_at")
                .params(io.rekindle.system.Times.utc(from == null ? Instant.EPOCH : from),
                        io.rekindle.system.Times.utc(to == null ? Instant.parse("9999-01-01T00:00:00Z") : to))
                .query((rs, n) -> new Run(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2))).list();
    }

    /** An email written before sending streams existed (no stream) went through today's settings: lifecycle's. */
    private static Step step(java.sql.ResultSet rs) throws java.sql.SQLException {
        String channel = rs.getString(3);
        String stream = rs.getString(5);
        return new Step(rs.getString(1), rs.getString(2), channel, rs.getString(4),
                stream == null && "EMAIL".equals(channel) ? "lifecycle" : stream);
    }
}
