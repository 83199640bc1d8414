package io.rekindle.journey;

import static io.rekindle.system.Times.utc;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import io.rekindle.contact.Contact;
import io.rekindle.contact.ContactService;
import io.rekindle.system.DatabaseKind;
import io.rekindle.system.NotFoundException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The rules of the reactivation journeys (win-back, final removal, welcome back) that read or
 * write the CRM: who may enter the win-back, suppression and its lifting.
 */
@Service
public class Reactivation {

    private static final Logger log = LoggerFactory.getLogger(Reactivation.class);
    static final String SUPPRESSED_BY_FINAL_REMOVAL = "FINAL_REMOVAL";

    private final ContactService contacts;
    private final JdbcClient jdbc;
    private final DatabaseKind database;
    private final Clock clock;
    private final Period reentryAfter;

    Reactivation(ContactService contacts, JdbcClient jdbc, DatabaseKind database, Clock clock,
            @Value("${rekindle.winback.reentry-after:P6M}") Period reentryAfter) {
        this.contacts = contacts;
        this.database = database;
        this.jdbc = jdbc;
        this.clock = clock;
        this.reentryAfter = reentryAfter;
    }

    /** Why a contact may not enter the win-back, or {@code ELIGIBLE}. */
    public enum WinBackEntry { ELIGIBLE, NOT_INACTIVE, ERASED, IN_ANOTHER_JOURNEY, SUPPRESSED, WON_BACK_RECENTLY }

    /** The decision, and the inputs of the channel-selection decision as the CRM holds them now. */
    public record WinBackCheck(WinBackEntry entry, String emailStatus, boolean emailConsent, Integer emailReactivity,
            boolean smsConsent, boolean phoneKnown) {

        public boolean eligible() {
            return entry == WinBackEntry.ELIGIBLE;
        }
    }

    /**
     * The re-entry rule: only INACTIVE contacts (never an erased one), never while another marketing journey
     * runs for them, never a suppressed contact, and not again within {@code rekindle.winback.reentry-after} of
     * the last win-back. An eligible contact is recorded as entering now.
     */
    public WinBackCheck enterWinBack(long contactId, String segment, boolean inAnotherJourney) {
        Contact contact = contact(contactId);
        Instant now = clock.instant();
        WinBackEntry entry;
        ReentryState state = reentryState(contactId);
        if (!"INACTIVE".equals(segment)) {
            entry = WinBackEntry.NOT_INACTIVE;
        } else if (state.erased()) {
            entry = WinBackEntry.ERASED;
        } else if (inAnotherJourney) {
            entry = WinBackEntry.IN_ANOTHER_JOURNEY;
        } else if (contact.suppressedAt() != null) {
            entry = WinBackEntry.SUPPRESSED;
        } else if (state.lastWinBack() != null
                && state.lastWinBack().atOffset(ZoneOffset.UTC).plus(reentryAfter).toInstant().isAfter(now)) {
            entry = WinBackEntry.WON_BACK_RECENTLY;
        } else if (recordEntry(contactId, state.lastWinBackAsStored(), now)) {
            entry = WinBackEntry.ELIGIBLE;
        } else {
            // another win-back of this contact recorded its entry since we read: it holds the contact's row until
            // its start commits, so this one waited and lost
            entry = WinBackEntry.WON_BACK_RECENTLY;
        }
        log.info("Contact {} win-back entry: {}", contactId, entry);
        return new WinBackCheck(entry, contact.emailStatus().name(), contact.emailConsent(),
                daysSince(latest(contact.lastEmailOpenAt(), contact.lastEmailClickAt()), now), contact.smsConsent(),
                contact.phone() != null && !contact.phone().isBlank());
    }

    /**
     * Records the entry only if nobody else did since {@code lastWinBack} was read: a conditional update (compare and
     * set on the column), whose row count decides. Two starts at once both read "never", one update wins.
     */
    private boolean recordEntry(long contactId, OffsetDateTime lastWinBack, Instant now) {
        var update = lastWinBack == null
                ? jdbc.sql("UPDATE contact SET last_winback_at = ? WHERE id = ? AND last_winback_at IS NULL")
                        .params(utc(now), contactId)
                : jdbc.sql("UPDATE contact SET last_winback_at = ? WHERE id = ? AND last_winback_at = ?")
                        .params(utc(now), contactId, lastWinBack);
        return update.update() == 1;
    }

    /**
     * Holds the contact's row until the current transaction ends, so that what a comeback checks and then does
     * (is the contact removed? start welcome back, which lifts the suppression) happens for one request at a time;
     * returns whether the contact was isolated by a final removal (read under the lock, in the same statement).
     * Needs a transaction.
     * <p>
     * On PostgreSQL the lock is the one an {@code UPDATE} of the row takes ({@code FOR NO KEY UPDATE}): two comebacks
     * still go one at a time, and a transaction that stored an event of the contact first (its foreign key holds a
     * share lock on the row) is not deadlocked by another that did the same: {@code FOR UPDATE} waits for that share
     * lock, while its holder waits to update the row.
     */
    public boolean lockContactReadingRemoved(long contactId) {
        String lock = database.postgres() ? "FOR NO KEY UPDATE" : "FOR UPDATE";
        return jdbc.sql("SELECT suppression_reason FROM contact WHERE id = ? " + lock).param(contactId)
                .query((rs, n) -> SUPPRESSED_BY_FINAL_REMOVAL.equals(rs.getString(1))).optional().orElse(false);
    }

    /**
     * Did the contact buy, visit or click since entering the win-back it is in (the entry the CRM recorded)? Read
     * after each wait, so that an event that reached no waiting journey still stops the survey and the removal.
     */
    public boolean cameBackSinceWinBackEntry(long contactId) {
        Instant entered = reentryState(contactId).lastWinBack();
        return entered != null && cameBackSince(contactId, entered);
    }

    /** Did the contact buy, visit or click after {@code since}, as the CRM holds it now? (An open does not count.) */
    public boolean cameBackSince(long contactId, Instant since) {
        return contact(contactId).activeSince(since);
    }

    /** Final removal: no journey sends marketing to the contact any more. */
    public void suppress(long contactId) {
        contacts.suppress(contactId, SUPPRESSED_BY_FINAL_REMOVAL, clock.instant());
    }

    /** The contact came back: the final removal's suppression no longer holds (other suppressions stay). */
    public void liftSuppression(long contactId) {
        if (removed(contactId)) {
            contacts.liftSuppression(contactId);
            log.info("Contact {} came back: suppression lifted", contactId);
        }
    }

    /** True when the contact was isolated by a final removal (and so waits for welcome back). */
    public boolean removed(long contactId) {
        return contacts.find(contactId).map(c -> SUPPRESSED_BY_FINAL_REMOVAL.equals(c.suppressionReason()))
                .orElse(false);
    }

    /** What the re-entry rule reads beyond the contact record itself, in one query. */
    private record ReentryState(boolean erased, OffsetDateTime lastWinBackAsStored) {

        Instant lastWinBack() {
            return lastWinBackAsStored == null ? null : lastWinBackAsStored.toInstant();
        }
    }

    private ReentryState reentryState(long contactId) {
        return jdbc.sql("SELECT erased_at, last_winback_at FROM contact WHERE id = ?").param(contactId)
                .query((rs, n) -> new ReentryState(rs.getObject(1, OffsetDateTime.class) != null,
                        rs.getObject(2, OffsetDateTime.class)))
                .single();
    }

    private Contact contact(long contactId) {
        return contacts.find(contactId).orElseThrow(() -> new NotFoundException("No contact " + contactId + "."));
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static Integer daysSince(Instant time, Instant now) {
        return time == null ? null : (int) Math.max(0, ChronoUnit.DAYS.between(time, now));
    }
}
