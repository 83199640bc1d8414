package io.rekindle.contact;

/** What the company's systems and our tracking report about a contact. */
public enum EventType {
    PURCHASE, VISIT, EMAIL_OPENED, EMAIL_CLICKED,
    /** the contact asked for no more marketing, on one channel or all ({@link UnsubscribeChannel}) */
    UNSUBSCRIBED,
    /** the email provider could not deliver a message ({@link BounceKind}) */
    BOUNCED,
    /**
     * an SMS the contact sent back, forwarded by the SMS provider (named by {@code phone}): STOP and its usual
     * variants are stored as an SMS unsubscribe; nothing else is handled
     */
    SMS_REPLY,
    /**
     * the contact's loyalty-points balance as the company's loyalty system reports it ({@code points}); the daily
     * classification reads how it changed over 90 days
     */
    LOYALTY_POINTS
}
