package io.rekindle.contact;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What bounces do to a contact's address: a hard bounce makes it invalid for good (the channel decision then picks
 * SMS if the contact consented); soft bounces are counted, and {@code rekindle.mail.soft-bounces-as-hard} of them in
 * a row count as hard. Any sign that the address works (an open) ends the run.
 */
@Component
class Bounces {

    private final JdbcClient jdbc;
    private final int softAsHard;

    Bounces(JdbcClient jdbc, @Value("${rekindle.mail.soft-bounces-as-hard:3}") int softAsHard) {
        this.jdbc = jdbc;
        this.softAsHard = softAsHard;
    }

    /** Applies the bounce; returns the address's status afterwards. */
    EmailStatus apply(long contactId, long eventId, BounceKind kind) {
        jdbc.sql("UPDATE contact_event SET bounce = ? WHERE id = ?").params(kind.name(), eventId).update();
        if (kind == BounceKind.HARD) {
            jdbc.sql("UPDATE contact SET email_status = 'HARD_BOUNCE', soft_bounces = 0 WHERE id = ?")
                    .param(contactId).update();
            return EmailStatus.HARD_BOUNCE;
        }
        jdbc.sql("""
                UPDATE contact SET soft_bounces = soft_bounces + 1,
                       email_status = CASE WHEN email_status = 'HARD_BOUNCE' OR soft_bounces + 1 >= ? THEN 'HARD_BOUNCE'
                                           ELSE 'SOFT_BOUNCE' END
                WHERE id = ?""").params(softAsHard, contactId).update();
        return EmailStatus.valueOf(jdbc.sql("SELECT email_status FROM contact WHERE id = ?").param(contactId)
                .query(String.class).single());
    }

    void delivered(long contactId) {
        jdbc.sql("UPDATE contact SET soft_bounces = 0, email_status = 'VALID' WHERE id = ? AND email_status = 'SOFT_BOUNCE'")
                .param(contactId).update();
    }
}
