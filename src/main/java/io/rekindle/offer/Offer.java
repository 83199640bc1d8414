package io.rekindle.offer;

import java.time.Instant;

/** A personal, time-limited offer code, as recorded in the CRM. */
public record Offer(long id, String code, long contactId, int discountPercent, Instant validFrom, Instant validUntil,
        Instant redeemedAt) {
}
