package io.rekindle.events;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.rekindle.contact.BounceKind;
import io.rekindle.contact.EventType;
import io.rekindle.contact.UnsubscribeChannel;

/**
 * An event posted by the company's systems. The contact is named by our {@code contactId} or by the
 * company's {@code externalId}; {@code eventId} (optional, the sender's own id) makes retries safe.
 * {@code channel} belongs to UNSUBSCRIBED only (EMAIL, SMS or ALL; absent = ALL). An SMS_REPLY (the SMS
 * provider's inbound webhook) names the contact by {@code phone} and carries the {@code text} sent back. A
 * LOYALTY_POINTS event carries the contact's loyalty-points balance ({@code points}, 0 or more) at {@code occurredAt}.
 */
public record EventRequest(
        Long contactId,
        @Size(max = 100) String externalId,
        @NotNull EventType type,
        OffsetDateTime occurredAt,
        @Size(max = 100) String eventId,
        @DecimalMin(value = "0.01", message = "must be positive") @Digits(integer = 12, fraction = 2) BigDecimal amount,
        @Size(max = 40) String offerCode,
        Long messageId,
        UnsubscribeChannel channel,
        BounceKind bounce,
        @Pattern(regexp = "\\+[1-9][0-9]{6,14}", message = "must be in E.164 format, e.g. +33612345678") String phone,
        @Size(max = 1600) String text,
        // a decimal read, so that 12.5 is refused rather than truncated to 12 (Jackson would take it as an int)
        @DecimalMin(value = "0", message = "must be 0 or more: a balance")
        @DecimalMax(value = "1000000000", message = "must be at most 1000000000")
        @Digits(integer = 10, fraction = 0, message = "must be a whole number of points") BigDecimal points) {

    public EventRequest(Long contactId, String externalId, EventType type, OffsetDateTime occurredAt, String eventId,
            BigDecimal amount, String offerCode, Long messageId, UnsubscribeChannel channel, BounceKind bounce,
            String phone, String text) {
        this(contactId, externalId, type, occurredAt, eventId, amount, offerCode, messageId, channel, bounce, phone,
                text, null);
    }

    public EventRequest(Long contactId, String externalId, EventType type, OffsetDateTime occurredAt, String eventId,
            BigDecimal amount, String offerCode, Long messageId) {
        this(contactId, externalId, type, occurredAt, eventId, amount, offerCode, messageId, null, null, null, null);
    }

    public EventRequest(Long contactId, String externalId, EventType type, OffsetDateTime occurredAt, String eventId,
            BigDecimal amount, String offerCode, Long messageId, UnsubscribeChannel channel) {
        this(contactId, externalId, type, occurredAt, eventId, amount, offerCode, messageId, channel, null, null, null);
    }
}
