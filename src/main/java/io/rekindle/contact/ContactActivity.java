package io.rekindle.contact;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;

import io.rekindle.offer.OfferService;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores an event and brings the contact's activity fields up to date, in one transaction, before
 * anything is correlated: journeys decide on what the CRM holds, so an event no journey was waiting
 * for still counts.
 */
@Service
public class ContactActivity {

    private final ActivityRepository events;
    private final ContactRepository contacts;
    private final OfferService offers;
    private final Clock clock;
    private final Bounces bounces;

    ContactActivity(ActivityRepository events, ContactRepository contacts, OfferService offers, Clock clock,
            Bounces bounces) {
        this.events = events;
        this.contacts = contacts;
        this.offers = offers;
        this.clock = clock;
        this.bounces = bounces;
    }

    /** A bounce reported by the email provider: stored like any event, then the address's status follows. */
    @Transactional
    public ActivityEvent recordBounce(long contactId, Instant occurredAt, String sourceEventId, Long messageId,
            BounceKind kind) {
        ActivityEvent event = record(contactId, EventType.BOUNCED, occurredAt, sourceEventId, null, null, messageId);
        if (!event.duplicate()) {
            bounces.apply(contactId, event.id(), kind);
        }
        return event;
    }

    /** Returns the stored event; an event already delivered under the same source id is returned as a duplicate. */
    @Transactional
    public ActivityEvent record(long contactId, EventType type, Instant occurredAt, String sourceEventId,
            BigDecimal amount, String offerCode, Long messageId) {
        return record(contactId, type, occurredAt, sourceEventId, amount, offerCode, messageId, null);
    }

    /**
     * An email consent withdrawn (a contact change through the API, or an import): an unsubscribe from email, as the
     * link's, stored once; the caller delivers it to the journeys (every marketing journey sends email, so all end).
     */
    @Transactional
    public ActivityEvent emailConsentWithdrawn(long contactId, Instant at) {
        return record(contactId, EventType.UNSUBSCRIBED, at, null, null, null, null, UnsubscribeChannel.EMAIL);
    }

    /**
     * As above, with the channel an UNSUBSCRIBED event names (null = all; ignored for other types). An unsubscribe
     * from channels the contact has already left stores nothing: the earlier event comes back as a duplicate (one
     * unsubscribe, counted once, however often the link is posted or STOP is sent).
     */
    @Transactional
    public ActivityEvent record(long contactId, EventType type, Instant occurredAt, String sourceEventId,
            BigDecimal amount, String offerCode, Long messageId, UnsubscribeChannel unsubscribeChannel) {
        UnsubscribeChannel channel = type != EventType.UNSUBSCRIBED ? null
                : unsubscribeChannel == null ? UnsubscribeChannel.ALL : unsubscribeChannel;
        Instant now = clock.instant();
        var event = new ActivityEvent(0, contactId, type, occurredAt, sourceEventId, amount, offerCode, messageId,
                channel, false);
        long id;
        if (sourceEventId != null && type != EventType.UNSUBSCRIBED) {
            // the sender's id says whether it is a repeat: checked by the insert itself
            var inserted = events.insertIfNew(event, now);
            if (inserted.isEmpty()) {
                return events.findBySource(contactId, sourceEventId).orElseThrow();
            }
            id = inserted.get();
        } else {
            if (sourceEventId != null) {
                var known = events.findBySource(contactId, sourceEventId);
                if (known.isPresent()) {
                    return known.get();
                }
            }
            if (type == EventType.UNSUBSCRIBED) {
                var repeat = repeatedUnsubscribe(contactId, channel);
                if (repeat.isPresent()) {
                    return repeat.get();
                }
            }
            id = events.insert(event, now);
        }
        switch (type) {
            case PURCHASE -> {
                contacts.recordPurchase(contactId, occurredAt, amount, now);
                if (offerCode != null) {
                    offers.redeem(contactId, offerCode, occurredAt);
                }
            }
            case VISIT -> contacts.recordActivity(contactId, ContactRepository.ActivityColumn.VISIT, occurredAt, now);
            case EMAIL_OPENED -> {
                contacts.recordActivity(contactId, ContactRepository.ActivityColumn.EMAIL_OPEN, occurredAt, now);
                bounces.delivered(contactId); // the address works: a run of soft bounces is over
            }
            case EMAIL_CLICKED -> {
                // a click proves the email was opened, even when the client blocked the pixel
                contacts.recordActivity(contactId, ContactRepository.ActivityColumn.EMAIL_CLICK, occurredAt, now);
                contacts.recordActivity(contactId, ContactRepository.ActivityColumn.EMAIL_OPEN, occurredAt, now);
            }
            case UNSUBSCRIBED -> contacts.unsubscribe(contactId, channel.email(), channel.sms(), occurredAt, now);
            case BOUNCED -> { } // see recordBounce: the kind decides what happens to the address
            case LOYALTY_POINTS -> { } // see recordLoyaltyPoints: the balance goes to its history
        }
        return new ActivityEvent(id, contactId, type, occurredAt, sourceEventId, amount, offerCode, messageId, channel,
                false);
    }

    /**
     * A loyalty-points balance the company reported: the event, the balance in the contact's balance history (what
     * the classification's {@code loyaltyPointsChange} is computed from) and, when it is the latest report, the
     * contact's balance. A repeat of the same event id stores nothing more.
     */
    @Transactional
    public ActivityEvent recordLoyaltyPoints(long contactId, Instant occurredAt, String sourceEventId, int points) {
        ActivityEvent event = record(contactId, EventType.LOYALTY_POINTS, occurredAt, sourceEventId, null, null, null);
        if (!event.duplicate()) {
            contacts.recordLoyaltyBalance(contactId, event.id(), occurredAt, points, clock.instant());
        }
        return event;
    }

    private Optional<ActivityEvent> repeatedUnsubscribe(long contactId, UnsubscribeChannel channel) {
        var already = contacts.lockUnsubscribed(contactId);
        if (already.isEmpty() || (channel.email() && !already.get().email())
                || (channel.sms() && !already.get().sms())) {
            return Optional.empty();
        }
        return events.lastUnsubscribe(contactId, channel == UnsubscribeChannel.ALL
                ? EnumSet.allOf(UnsubscribeChannel.class)
                : EnumSet.of(channel, UnsubscribeChannel.ALL));
    }

    /**
     * A click our tracking took for a link scanner's ({@code robot} names the sign): stored, flagged, and nothing
     * else — the contact's last click and open (which the classification and the GDPR clock read) stay as they were.
     */
    @Transactional
    public ActivityEvent recordRobotClick(long contactId, Instant occurredAt, long messageId, String robot) {
        var event = new ActivityEvent(0, contactId, EventType.EMAIL_CLICKED, occurredAt, null, null, null, messageId,
                null, false);
        long id = events.insert(event, clock.instant(), robot);
        return new ActivityEvent(id, contactId, EventType.EMAIL_CLICKED, occurredAt, null, null, null, messageId, null,
                false);
    }

    /** Whether the message got a click, a person's or a robot's, received at or after {@code since}. */
    public boolean clickedSince(long messageId, Instant since) {
        return events.clickedSince(messageId, since);
    }

    /** Re-reads after a concurrent delivery of the same source event won the race. */
    public ActivityEvent duplicateOf(long contactId, String sourceEventId) {
        return events.findBySource(contactId, sourceEventId)
                .orElseThrow(() -> new DuplicateKeyException("event vanished"));
    }

    /** A stored event by its id (as a duplicate: it was delivered before). */
    public Optional<ActivityEvent> find(long eventId) {
        return events.findById(eventId);
    }
}
