package io.rekindle.contact;

import io.rekindle.gdpr.PersonalDataEraser;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** A contact's change history holds its former addresses, numbers and names: it goes whole. */
@Component
@Order(10) // our tables first, the engine's history after them (see PersonalDataEraser)
class ContactChangeEraser implements PersonalDataEraser {

    private final ContactHistoryRepository history;

    ContactChangeEraser(ContactHistoryRepository history) {
        this.history = history;
    }

    @Override
    public String name() {
        return "contact_change";
    }

    @Override
    public int erase(long contactId) {
        return history.erase(contactId);
    }
}
