package io.rekindle.gdpr;

import io.rekindle.engine.ProcessHistory;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The engine's share of an erasure: the contact's running journeys (business key = contact id: every journey is
 * started with it and passes it to what it calls) are cancelled, then their history is deleted with everything under
 * it, decision history included, in the contact's transaction ({@link ProcessHistory#erase}).
 */
@Component
@Order(100) // after our tables: the engine's delete commands flush last
class EngineJourneyEraser implements PersonalDataEraser {

    private final ProcessHistory history;

    EngineJourneyEraser(ProcessHistory history) {
        this.history = history;
    }

    @Override
    public String name() {
        return "journeys";
    }

    @Override
    public int erase(long contactId) {
        return history.erase(String.valueOf(contactId));
    }
}
