package io.rekindle.offer;

import static io.rekindle.system.Times.instant;
import static io.rekindle.system.Times.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class OfferRepository {

    private static final String COLUMNS =
            "id, code, contact_id, discount_percent, valid_from, valid_until, redeemed_at";

    private final JdbcClient jdbc;

    OfferRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Offer> findByOrigin(String originKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM offer WHERE origin_key = ?").param(originKey)
                .query(OfferRepository::map).optional();
    }

    Optional<Offer> findByCode(String code) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM offer WHERE code = ?").param(code)
                .query(OfferRepository::map).optional();
    }

    List<Offer> findByContact(long contactId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM offer WHERE contact_id = ? ORDER BY id").param(contactId)
                .query(OfferRepository::map).list();
    }

    /** Returns the new offer's id. */
    long insert(String code, long contactId, String originKey, int percent, Instant from, Instant until) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO offer (code, contact_id, origin_key, discount_percent, valid_from, valid_until, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(code, contactId, originKey, percent, utc(from), utc(until), utc(from))
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    int markRedeemed(long offerId, Instant at) {
        return jdbc.sql("UPDATE offer SET redeemed_at = ? WHERE id = ? AND redeemed_at IS NULL")
                .params(utc(at), offerId).update();
    }

    private static Offer map(ResultSet rs, int row) throws SQLException {
        return new Offer(rs.getLong("id"), rs.getString("code"), rs.getLong("contact_id"),
                rs.getInt("discount_percent"), instant(rs.getObject("valid_from", OffsetDateTime.class)),
                instant(rs.getObject("valid_until", OffsetDateTime.class)),
                instant(rs.getObject("redeemed_at", OffsetDateTime.class)));
    }
}
