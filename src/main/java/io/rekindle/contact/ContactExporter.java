package io.rekindle.contact;

import io.rekindle.gdpr.PersonalDataExporter;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The contact as the CRM holds it: identity, consents with their date and source, activity, current segment. */
@Component
@Order(1)
class ContactExporter implements PersonalDataExporter {

    private final ContactRepository contacts;

    ContactExporter(ContactRepository contacts) {
        this.contacts = contacts;
    }

    @Override
    public String name() {
        return "contact";
    }

    @Override
    public Object export(long contactId) {
        return contacts.findById(contactId).orElse(null);
    }
}
