package io.rekindle.experiment;

import java.time.Duration;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * An experiment's figures per arm, counted in the database: one aggregate query over {@code contact_experiment} and
 * {@code contact_event}, whatever the number of contacts (no row per contact ever reaches the JVM).
 *
 * <p>A contact <em>converts</em> when it has at least one PURCHASE event occurring at or after its
 * {@code assigned_at} in this experiment and strictly before {@code assigned_at + window}; its revenue is the sum of
 * those purchases' amounts, 0 for a contact who bought nothing in that span (so revenue per contact averages over
 * every contact of the arm). A contact assigned less than a window ago counts with what it did so far: both arms are
 * cut the same way.
 */
@Repository
class ExperimentFigures {

    private final JdbcClient jdbc;

    ExperimentFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One arm's counts and revenue sums; {@code reactivated}: contacts with a purchase, visit or a person's click in
     * the same span (as the KPIs count a reactivation), {@code unsubscribed}: contacts with an UNSUBSCRIBED event in it.
     */
    record ArmFigures(String arm, Conversions conversions, RevenueSums revenue, long reactivated, long unsubscribed) {
    }

    /** The contacts per arm of every experiment recorded, experiment by experiment, arm by arm. */
    record Recorded(String experiment, String arm, long contacts) {
    }

    List<Recorded> recorded() {
        return jdbc.sql("SELECT experiment, arm, COUNT(*) FROM contact_experiment GROUP BY experiment, arm"
                        + " ORDER BY experiment, arm")
                .query((rs, n) -> new Recorded(rs.getString(1), rs.getString(2), rs.getLong(3))).list();
    }

    /** Per arm recorded in {@code experiment}: contacts, converted, Σ revenue and Σ revenue² (window in seconds). */
    List<ArmFigures> figures(String experiment, Duration window) {
        // the window is a whole number of seconds from the request, validated, written into the SQL as a number
        String end = "b.assigned_at + INTERVAL '" + window.toSeconds() + "' SECOND";
        String perContact = "SELECT b.contact_id, SUM(COALESCE(e.amount, 0)) AS revenue FROM contact_experiment b"
                + " JOIN contact_event e ON e.contact_id = b.contact_id AND e.type = 'PURCHASE'"
                + " AND e.occurred_at >= b.assigned_at AND e.occurred_at < " + end
                + " WHERE b.experiment = ? GROUP BY b.contact_id";
        String inSpan = " AND e.occurred_at >= x.assigned_at AND e.occurred_at < x.assigned_at + INTERVAL '"
                + window.toSeconds() + "' SECOND";
        String reactivated = "SUM(CASE WHEN EXISTS (SELECT 1 FROM contact_event e WHERE e.contact_id = x.contact_id"
                + " AND e.type IN ('PURCHASE', 'VISIT', 'EMAIL_CLICKED') AND e.robot IS NULL" + inSpan
                + ") THEN 1 ELSE 0 END)";
        String unsubscribed = "SUM(CASE WHEN EXISTS (SELECT 1 FROM contact_event e WHERE e.contact_id = x.contact_id"
                + " AND e.type = 'UNSUBSCRIBED'" + inSpan + ") THEN 1 ELSE 0 END)";
        return jdbc.sql("SELECT x.arm, COUNT(*), COUNT(r.contact_id), COALESCE(SUM(r.revenue), 0),"
                        + " COALESCE(SUM(r.revenue * r.revenue), 0), " + reactivated + ", " + unsubscribed
                        + " FROM contact_experiment x"
                        + " LEFT JOIN (" + perContact + ") r ON r.contact_id = x.contact_id"
                        + " WHERE x.experiment = ? GROUP BY x.arm ORDER BY x.arm")
                .params(experiment, experiment)
                .query((rs, n) -> new ArmFigures(rs.getString(1), new Conversions(rs.getLong(2), rs.getLong(3)),
                        new RevenueSums(rs.getLong(2), rs.getBigDecimal(4), rs.getBigDecimal(5)), rs.getLong(6),
                        rs.getLong(7)))
                .list();
    }
}
