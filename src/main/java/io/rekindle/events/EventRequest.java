package io.rekindle.events;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

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
 * provider's inbound webhook) names the contact by {@code phone} and carries the {@code text} sent back.
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
        @Size(max = 1600) String text) {

    public EventRequest(Long contactId, String externalId, EventType type, OffsetDateTime occurredAt, String eventId,
            BigDecimal amount, String offerCode, Long messageId) {
        this(contactId, externalId, type, occurredAt, eventId, amount, offerCode, messageId, null, null, null, null);
    }

    public EventRequest(Long contactId, String externalId, EventType type, OffsetDateTime occurredAt, String eventId,
            BigDecimal amount, String offerCode, Long messageId, UnsubscribeChannel channel) {
        this(contactId, externalId, type, occurredAt, eventId, amount, offerCode, messageId, channel, null, null, null);
    }
}
