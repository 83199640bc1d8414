package io.rekindle.contact;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A contact as the CRM holds it: identity, consents and the activity fields journeys decide on.
 * {@code emailUnsubscribedAt}, {@code smsUnsubscribedAt}: since when the contact refuses marketing on
 * that channel; {@code suppressedAt}: since when it is isolated from the marketing base (null = not).
 * {@code emailConsentAt}/{@code emailConsentSource} (and the SMS pair): when and where the consent as it stands was
 * given or withdrawn (null for contacts stored before these were kept); {@code loyaltyPoints}: the balance the
 * company reported (null = unknown); {@code erasedAt}: when its personal data was erased (GDPR), null = not.
 */
public record Contact(
        long id,
        String externalId,
        String email,
        String phone,
        String firstName,
        String locale,
        Instant signedUpAt,
        boolean emailConsent,
        boolean smsConsent,
        EmailStatus emailStatus,
        Instant lastPurchaseAt,
        Instant lastVisitAt,
        Instant lastEmailOpenAt,
        Instant lastEmailClickAt,
        int purchaseCount,
        BigDecimal revenue,
        Instant emailUnsubscribedAt,
        Instant smsUnsubscribedAt,
        Instant suppressedAt,
        String suppressionReason,
        Instant emailConsentAt,
        String emailConsentSource,
        Instant smsConsentAt,
        String smsConsentSource,
        Integer loyaltyPoints,
        Instant erasedAt) {

    /** Purchased or came back to the site after signing up: what the relaunch journey checks. */
    public boolean activeSinceSignUp() {
        return after(lastPurchaseAt, signedUpAt) || after(lastVisitAt, signedUpAt);
    }

    /**
     * Activity of the contact's own after {@code since}: a purchase, a visit or a click (an open does not count: mail
     * clients prefetch images). What makes a contact in a reactivation journey "came back".
     */
    public boolean activeSince(Instant since) {
        return after(lastPurchaseAt, since) || after(lastVisitAt, since) || after(lastEmailClickAt, since);
    }

    private static boolean after(Instant time, Instant reference) {
        return time != null && time.isAfter(reference);
    }
}
