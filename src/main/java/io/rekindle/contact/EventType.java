package io.rekindle.contact;

/** What the company's systems and our tracking report about a contact. */
public enum EventType {
    PURCHASE, VISIT, EMAIL_OPENED, EMAIL_CLICKED
}
