package io.rekindle.contact;

import static io.rekindle.system.Times.instant;
import static io.rekindle.system.Times.utc;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import io.rekindle.preferences.PreferenceRows;
import io.rekindle.preferences.Preferences;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ContactRepository {

    private static final String COLUMNS = """
            id, external_id, email, phone, first_name, locale, signed_up_at, email_consent, sms_consent,
            email_status, last_purchase_at, last_visit_at, last_email_open_at, last_email_click_at,
            purchase_count, revenue, email_unsubscribed_at, sms_unsubscribed_at, suppressed_at, suppression_reason,
            email_consent_at, email_consent_source, sms_consent_at, sms_consent_source, loyalty_points,
            erased_at""";

    private final JdbcClient jdbc;

    ContactRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A contact and its choices on the preference page, as the send rules read them: one statement. */
    public record WithPreferences(Contact contact, Preferences preferences) {
    }

    /** {@link #findById} with the contact's preference-centre choices ({@link Preferences#NONE}: never chose). */
    public Optional<WithPreferences> findWithPreferences(long id) {
        return jdbc.sql("SELECT " + COLUMNS + ", " + PreferenceRows.COLUMNS
                        + " FROM contact LEFT JOIN contact_preference p ON p.contact_id = contact.id"
                        + " WHERE contact.id = ?")
                .param(id).query((rs, n) -> new WithPreferences(map(rs, n), PreferenceRows.map(rs))).optional();
    }

    public Optional<Contact> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM contact WHERE id = ?")
                .param(id).query(ContactRepository::map).optional();
    }

    public Optional<Contact> findByExternalId(String externalId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM contact WHERE external_id = ?")
                .param(externalId).query(ContactRepository::map).optional();
    }

    /** Every contact with this mobile number (a household may share one). */
    java.util.List<Contact> findByPhone(String phone) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM contact WHERE phone = ? ORDER BY id")
                .param(phone).query(ContactRepository::map).list();
    }

    /**
     * The new contact's id, or empty when the external id is already known: the look-up and the insert in one
     * statement. (Two sign-ups of one external id at the same moment: the unique key refuses the second.)
     */
    Optional<Long> insertIfNew(SignUpRequest request, Instant signedUpAt, Instant now) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        int rows = jdbc.sql("""
                INSERT INTO contact (external_id, email, phone, first_name, locale, signed_up_at,
                                     email_consent, sms_consent, email_status, created_at, updated_at,
                                     email_consent_at, email_consent_source, sms_consent_at, sms_consent_source)
                SELECT :externalId, :email, :phone, :firstName, :locale, :signedUpAt,
                       :emailConsent, :smsConsent, 'VALID', :now, :now, :now, 'sign-up', :now, 'sign-up'
                WHERE NOT EXISTS (SELECT 1 FROM contact WHERE external_id = :externalId)""")
                .param("externalId", request.externalId())
                .param("email", request.email())
                .param("phone", request.phone())
                .param("firstName", request.firstName())
                .param("locale", request.locale())
                .param("signedUpAt", utc(signedUpAt))
                .param("now", utc(now))
                .param("emailConsent", request.emailConsent())
                .param("smsConsent", request.smsConsent())
                .update(keys, "id");
        return rows == 0 ? Optional.empty() : Optional.of(keys.getKeyAs(Long.class));
    }

    /** The contact, its row locked until the end of the transaction (two changes of one contact go one by one). */
    Optional<Contact> lock(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM contact WHERE id = ? FOR UPDATE")
                .param(id).query(ContactRepository::map).optional();
    }

    /**
     * Writes the contact's own fields as {@code after} has them. A consent that changed gets its time and source; a
     * consent given again lifts that channel's unsubscribe (a new opt-in); a new address starts with a clean bounce
     * record.
     */
    void change(Contact before, Contact after, String source, Instant now) {
        boolean emailConsentChanged = before.emailConsent() != after.emailConsent();
        boolean smsConsentChanged = before.smsConsent() != after.smsConsent();
        boolean newAddress = !java.util.Objects.equals(before.email(), after.email());
        jdbc.sql("""
                UPDATE contact SET email = :email, phone = :phone, first_name = :firstName, locale = :locale,
                       email_consent = :emailConsent, sms_consent = :smsConsent,
                       email_consent_at = CASE WHEN :emailConsentChanged THEN :now ELSE email_consent_at END,
                       email_consent_source = CASE WHEN :emailConsentChanged THEN :source
                                                   ELSE email_consent_source END,
                       email_unsubscribed_at = CASE WHEN :emailConsentChanged AND :emailConsent THEN NULL ELSE email_unsubscribed_at END,
                       sms_consent_at = CASE WHEN :smsConsentChanged THEN :now ELSE sms_consent_at END,
                       sms_consent_source = CASE WHEN :smsConsentChanged THEN :source ELSE sms_consent_source END,
                       sms_unsubscribed_at = CASE WHEN :smsConsentChanged AND :smsConsent THEN NULL ELSE sms_unsubscribed_at END,
                       email_status = CASE WHEN :newAddress THEN 'VALID' ELSE email_status END,
                       soft_bounces = CASE WHEN :newAddress THEN 0 ELSE soft_bounces END,
                       updated_at = :now
                WHERE id = :id""")
                .param("email", after.email()).param("phone", after.phone()).param("firstName", after.firstName())
                .param("locale", after.locale()).param("emailConsent", after.emailConsent())
                .param("smsConsent", after.smsConsent()).param("emailConsentChanged", emailConsentChanged)
                .param("smsConsentChanged", smsConsentChanged).param("newAddress", newAddress)
                .param("source", source).param("now", utc(now)).param("id", before.id())
                .update();
    }

    /** Activity only moves forward: a late, older event never moves a "last …" date back. */
    void recordPurchase(long contactId, Instant at, BigDecimal amount, Instant now) {
        jdbc.sql("""
                UPDATE contact SET purchase_count = purchase_count + 1, revenue = revenue + :amount,
                       last_purchase_at = CASE WHEN last_purchase_at IS NULL OR last_purchase_at < :at
                                               THEN :at ELSE last_purchase_at END,
                       updated_at = :now
                WHERE id = :id""")
                .param("amount", amount).param("at", utc(at)).param("now", utc(now)).param("id", contactId)
                .update();
    }

    void recordActivity(long contactId, ActivityColumn column, Instant at, Instant now) {
        String c = column.column;
        jdbc.sql("UPDATE contact SET " + c + " = CASE WHEN " + c + " IS NULL OR " + c + " < :at THEN :at ELSE "
                        + c + " END, updated_at = :now WHERE id = :id")
                .param("at", utc(at)).param("now", utc(now)).param("id", contactId)
                .update();
    }

    /**
     * A reported loyalty balance into the contact's balance history, and into the contact itself unless a later
     * report is already there (reports may arrive out of order).
     */
    void recordLoyaltyBalance(long contactId, long eventId, Instant at, int points, Instant now) {
        jdbc.sql("INSERT INTO loyalty_balance (contact_id, event_id, reported_at, points) VALUES (?, ?, ?, ?)")
                .params(contactId, eventId, utc(at), points).update();
        jdbc.sql("UPDATE contact SET loyalty_points = ?, updated_at = ? WHERE id = ? AND NOT EXISTS"
                        + " (SELECT 1 FROM loyalty_balance b WHERE b.contact_id = ? AND b.reported_at > ?)")
                .params(points, utc(now), contactId, contactId, utc(at)).update();
    }

    /** The channels the contact has already unsubscribed from. */
    record Unsubscribed(boolean email, boolean sms) {
    }

    /**
     * Locks the contact's row until the end of the transaction and reads what it has unsubscribed from: two
     * unsubscribes of one contact at once (a mail client posting twice) are taken one after the other.
     */
    Optional<Unsubscribed> lockUnsubscribed(long contactId) {
        return jdbc.sql("SELECT email_unsubscribed_at, sms_unsubscribed_at FROM contact WHERE id = ? FOR UPDATE")
                .param(contactId)
                .query((rs, n) -> new Unsubscribed(rs.getObject(1) != null, rs.getObject(2) != null))
                .optional();
    }

    /**
     * The contact refuses marketing on the named channels: the consent goes, the time of the first
     * unsubscribe stays (a repeated unsubscribe does not move it).
     */
    void unsubscribe(long contactId, boolean email, boolean sms, Instant at, Instant now) {
        jdbc.sql("""
                UPDATE contact SET
                       email_consent = CASE WHEN :email THEN FALSE ELSE email_consent END,
                       email_unsubscribed_at = CASE WHEN :email THEN COALESCE(email_unsubscribed_at, :at)
                                                    ELSE email_unsubscribed_at END,
                       sms_consent = CASE WHEN :sms THEN FALSE ELSE sms_consent END,
                       sms_unsubscribed_at = CASE WHEN :sms THEN COALESCE(sms_unsubscribed_at, :at)
                                                  ELSE sms_unsubscribed_at END,
                       updated_at = :now
                WHERE id = :id""")
                .param("email", email).param("sms", sms).param("at", utc(at)).param("now", utc(now))
                .param("id", contactId)
                .update();
    }

    /** Isolates the contact from the marketing base; an already suppressed contact keeps its first time and reason. */
    boolean suppress(long contactId, String reason, Instant at, Instant now) {
        return jdbc.sql("""
                UPDATE contact SET suppression_reason = CASE WHEN suppressed_at IS NULL THEN :reason
                                                             ELSE suppression_reason END,
                       suppressed_at = COALESCE(suppressed_at, :at),
                       updated_at = :now
                WHERE id = :id""")
                .param("reason", reason).param("at", utc(at)).param("now", utc(now)).param("id", contactId)
                .update() == 1;
    }

    boolean liftSuppression(long contactId, Instant now) {
        return jdbc.sql("""
                UPDATE contact SET suppressed_at = NULL, suppression_reason = NULL, updated_at = :now
                WHERE id = :id""")
                .param("now", utc(now)).param("id", contactId)
                .update() == 1;
    }

    enum ActivityColumn {
        VISIT("last_visit_at"), EMAIL_OPEN("last_email_open_at"), EMAIL_CLICK("last_email_click_at");

        private final String column;

        ActivityColumn(String column) {
            this.column = column;
        }
    }

    private static Contact map(ResultSet rs, int row) throws SQLException {
        return new Contact(
                rs.getLong("id"),
                rs.getString("external_id"),
                rs.getString("email"),
                rs.getString("phone"),
                rs.getString("first_name"),
                rs.getString("locale"),
                time(rs, "signed_up_at"),
                rs.getBoolean("email_consent"),
                rs.getBoolean("sms_consent"),
                EmailStatus.valueOf(rs.getString("email_status")),
                time(rs, "last_purchase_at"),
                time(rs, "last_visit_at"),
                time(rs, "last_email_open_at"),
                time(rs, "last_email_click_at"),
                rs.getInt("purchase_count"),
                rs.getBigDecimal("revenue"),
                time(rs, "email_unsubscribed_at"),
                time(rs, "sms_unsubscribed_at"),
                time(rs, "suppressed_at"),
                rs.getString("suppression_reason"),
                time(rs, "email_consent_at"),
                rs.getString("email_consent_source"),
                time(rs, "sms_consent_at"),
                rs.getString("sms_consent_source"),
                rs.getObject("loyalty_points", Integer.class),
                time(rs, "erased_at"));
    }

    static Instant time(ResultSet rs, String column) throws SQLException {
        return instant(rs.getObject(column, OffsetDateTime.class));
    }
}
