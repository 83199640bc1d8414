package io.rekindle.offer;

import io.rekindle.gdpr.PersonalDataEraser;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A personal offer code can be traced back to the person (it was in their email, the shop saw it at
 * checkout): it becomes {@code ERASED-<offer id>}. Discount, validity and redemption stay for the figures.
 */
@Component
@Order(10) // our tables first, the engine's history after them (see PersonalDataEraser)
class OfferEraser implements PersonalDataEraser {

    private final JdbcClient jdbc;

    OfferEraser(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "offer";
    }

    @Override
    public int erase(long contactId) {
        return jdbc.sql("UPDATE offer SET code = CONCAT('ERASED-', CAST(id AS VARCHAR(20))) WHERE contact_id = ?")
                .param(contactId).update();
    }
}
