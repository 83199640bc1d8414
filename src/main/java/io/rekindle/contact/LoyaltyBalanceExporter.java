package io.rekindle.contact;

import io.rekindle.gdpr.SqlRowsExporter;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every loyalty-points balance the company reported for the person (LOYALTY_POINTS events): the classification reads
 * their change over 90 days, so the person may see each one and when it was reported.
 */
@Component
@Order(3)
class LoyaltyBalanceExporter extends SqlRowsExporter {

    LoyaltyBalanceExporter(JdbcClient jdbc) {
        super(jdbc, "loyaltyBalances", """
                SELECT event_id, reported_at, points
                FROM loyalty_balance WHERE contact_id = ? ORDER BY reported_at, id""");
    }
}
