package io.rekindle.offer;

import io.rekindle.gdpr.SqlRowsExporter;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The person's offer codes: discount, validity, when redeemed. */
@Component
@Order(5)
class OfferExporter extends SqlRowsExporter {

    OfferExporter(JdbcClient jdbc) {
        super(jdbc, "offers", """
                SELECT code, discount_percent, valid_from, valid_until, redeemed_at, created_at
                FROM offer WHERE contact_id = ? ORDER BY created_at, id""");
    }
}
