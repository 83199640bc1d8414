package io.rekindle.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.rekindle.outbox.MessageStatus;
import io.rekindle.outbox.OutboxMessage;
import io.rekindle.outbox.OutboxService;
import io.rekindle.contact.ActivityEvent;
import io.rekindle.contact.Contact;
import io.rekindle.contact.ContactActivity;
import io.rekindle.contact.ContactService;
import io.rekindle.contact.EventType;
import io.rekindle.contact.UnsubscribeChannel;
import io.rekindle.system.ConflictException;
import io.rekindle.system.FieldProblemException;
import io.rekindle.system.InvalidRequestException;
import io.rekindle.system.NotFoundException;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes in an event: validate, then store it, update the CRM and correlate it with its journeys (one transaction as a
 * rule, see {@link EventInbox#storeAndDeliver}). A correlation that fails does not fail the request: the event is
 * stored, the answer says {@code PENDING} and the inbox ({@link EventInbox}) retries it.
 */
@Service
public class EventIntake {

    // clocks of the sending systems drift; an event far in the future is a sender bug
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final ContactService contacts;
    private final ContactActivity activity;
    private final OutboxService outbox;
    private final EventInbox inbox;
    private final TransactionTemplate transaction;
    private final Clock clock;

    EventIntake(ContactService contacts, ContactActivity activity, OutboxService outbox, EventInbox inbox,
            PlatformTransactionManager transactions, Clock clock) {
        this.contacts = contacts;
        this.activity = activity;
        this.outbox = outbox;
        this.inbox = inbox;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    public EventAccepted accept(EventRequest request) {
        if (request.type() == EventType.SMS_REPLY) {
            return smsReply(request);
        }
        if (request.phone() != null || request.text() != null) {
            throw new FieldProblemException(request.phone() != null ? "phone" : "text", "is only for an SMS_REPLY event");
        }
        Contact contact = contact(request);
        Instant now = clock.instant();
        Instant occurredAt = request.occurredAt() == null ? now : request.occurredAt().toInstant();
        if (occurredAt.isAfter(now.plus(FUTURE_TOLERANCE))) {
            throw new FieldProblemException("occurredAt", "must not be in the future");
        }
        if (occurredAt.isBefore(Instant.EPOCH)) {
            throw new FieldProblemException("occurredAt", "must not be before 1970");
        }
        switch (request.type()) {
            case PURCHASE -> {
                if (request.amount() == null) {
                    throw new FieldProblemException("amount", "is required for a PURCHASE");
                }
            }
            case EMAIL_OPENED, EMAIL_CLICKED -> deliveredMessage(request, contact);
            case VISIT -> { }
            case LOYALTY_POINTS -> {
                if (request.points() == null) {
                    throw new FieldProblemException("points", "is required for a LOYALTY_POINTS event: the balance");
                }
            }
            case UNSUBSCRIBED -> {
                if (request.messageId() != null) {
                    sentMessage(request, contact); // it counts for the message it came in: that contact's own
                }
            }
            case BOUNCED -> {
                if (request.bounce() == null) {
                    throw new FieldProblemException("bounce", "is required for a BOUNCED event: HARD or SOFT");
                }
                if (request.messageId() != null) {
                    sentMessage(request, contact);
                }
            }
        }
        if (request.bounce() != null && request.type() != EventType.BOUNCED) {
            throw new FieldProblemException("bounce", "is only for a BOUNCED event");
        }
        if (request.points() != null && request.type() != EventType.LOYALTY_POINTS) {
            throw new FieldProblemException("points", "is only for a LOYALTY_POINTS event");
        }
        if (request.channel() != null && request.type() != EventType.UNSUBSCRIBED) {
            throw new FieldProblemException("channel", "is only for an UNSUBSCRIBED event");
        }
        EventInbox.Stored stored;
        try {
            stored = inbox.storeAndDeliver(() -> record(request, contact, occurredAt));
        } catch (DuplicateKeyException sameEventAtOnce) {
            stored = new EventInbox.Stored(activity.duplicateOf(contact.id(), request.eventId()), null);
        }
        ActivityEvent event = stored.event();
        if (event.duplicate() && request.eventId() != null && event.type() != request.type()) {
            // the sender's id names another event: answering "duplicate" would silently drop this one
            throw new ConflictException("eventId '" + request.eventId() + "' was already used for a " + event.type()
                    + " event of this contact; nothing was recorded. Give this " + request.type()
                    + " event an id of its own.");
        }
        if (event.duplicate()) {
            // The sender retries what we did not acknowledge: an event stored while its correlation failed (the
            // database blinked, the node died) reaches its journeys now, or a buyer would get the next relaunch.
            return accepted(event, true, inbox.redeliver(event));
        }
        if (event.type() == EventType.BOUNCED && request.messageId() != null) {
            outbox.bounced(request.messageId(), request.bounce() == io.rekindle.contact.BounceKind.HARD);
        }
        return accepted(event, false, stored.outcome());
    }

    /** The event in the CRM, or the one stored before under its eventId (a duplicate); its inbox row is the inbox's. */
    private ActivityEvent record(EventRequest request, Contact contact, Instant occurredAt) {
        return request.type() == EventType.LOYALTY_POINTS
                ? activity.recordLoyaltyPoints(contact.id(), occurredAt, request.eventId(),
                        request.points().intValueExact())
                : request.type() == EventType.BOUNCED
                ? activity.recordBounce(contact.id(), occurredAt, request.eventId(), request.messageId(),
                        request.bounce())
                : activity.record(contact.id(), request.type(), occurredAt, request.eventId(),
                        request.type() == EventType.PURCHASE ? request.amount() : null,
                        request.type() == EventType.PURCHASE ? request.offerCode() : null, request.messageId(),
                        request.channel());
    }

    private static EventAccepted accepted(ActivityEvent event, boolean duplicate, EventInbox.Outcome outcome) {
        return new EventAccepted(event.id(), event.contactId(), event.type(), event.occurredAt(), duplicate,
                outcome.journeys(), outcome.correlation());
    }

    /**
     * A click on one of our links that a link scanner made ({@code robot}: the sign that gave it away): kept for the
     * figures, flagged, and delivered to no journey — no comeback, no open, no suppression lifted, no activity on
     * the contact.
     */
    public EventAccepted acceptRobotClick(OutboxMessage message, String robot) {
        return transaction.execute(status -> {
            ActivityEvent event = activity.recordRobotClick(message.contactId(), clock.instant(), message.id(), robot);
            return accepted(event, false, inbox.reachesNoJourney(event.id()));
        });
    }

    /**
     * A reply the SMS provider forwards. STOP (and ARRET, UNSUBSCRIBE…, in any case, with or without accents or
     * words after it, as operators accept) is an SMS unsubscribe of every contact with that number: a STOP must
     * always work. It counts for the last SMS sent to each of them (if any), as a link click counts for its email.
     * Any other text is refused and nothing is kept (free text is personal data we have no use for).
     */
    private EventAccepted smsReply(EventRequest request) {
        if (request.text() == null || !isStop(request.text())) {
            throw new FieldProblemException("text",
                    "only a STOP reply (STOP, ARRET, UNSUBSCRIBE…) is handled; nothing was recorded");
        }
        List<Contact> contacts;
        if (request.phone() != null) {
            if (request.contactId() != null || request.externalId() != null) {
                throw new FieldProblemException("phone", "give one of contactId, externalId and phone");
            }
            contacts = this.contacts.findByPhone(request.phone());
            if (contacts.isEmpty()) {
                throw new NotFoundException("No contact has this phone number.");
            }
        } else {
            contacts = List.of(contact(request));
        }
        EventAccepted first = null;
        int journeys = 0;
        var correlation = EventInbox.Correlation.DONE;
        for (Contact contact : contacts) {
            Long lastSms = outbox.lastSentSms(contact.id()).map(OutboxMessage::id).orElse(null);
            EventAccepted accepted = accept(new EventRequest(contact.id(), null, EventType.UNSUBSCRIBED,
                    request.occurredAt(), request.eventId(), null, null, lastSms, UnsubscribeChannel.SMS));
            first = first == null ? accepted : first;
            journeys += accepted.correlatedJourneys();
            if (accepted.correlation() == EventInbox.Correlation.PENDING) {
                correlation = EventInbox.Correlation.PENDING;
            }
        }
        return new EventAccepted(first.eventId(), first.contactId(), first.type(), first.occurredAt(),
                first.duplicate(), journeys, correlation);
    }

    private static final Pattern STOP = Pattern.compile("(STOP|ARRET|ARRETER|UNSUBSCRIBE|DESABONNER|DESINSCRIRE)\\b.*",
            Pattern.DOTALL);

    static boolean isStop(String text) {
        String plain = Normalizer.normalize(text.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toUpperCase(Locale.ROOT);
        return STOP.matcher(plain).matches();
    }

    private Contact contact(EventRequest request) {
        if ((request.contactId() == null) == (request.externalId() == null)) {
            throw new FieldProblemException("contactId", "give exactly one of contactId and externalId");
        }
        return (request.contactId() != null ? contacts.find(request.contactId())
                : contacts.findByExternalId(request.externalId()))
                .orElseThrow(() -> new NotFoundException("No contact matches this event."));
    }

    /**
     * Only a message that left can be opened or clicked: an open reported for one still waiting in the outbox (a
     * sender's mix-up, or a forgery) would end the journey that is about to send it.
     */
    private OutboxMessage deliveredMessage(EventRequest request, Contact contact) {
        OutboxMessage message = sentMessage(request, contact);
        if (message.status() != MessageStatus.SENT) {
            throw new InvalidRequestException("Message " + request.messageId() + " has not been delivered (it is "
                    + message.status() + "): it cannot have been opened or clicked; nothing was recorded.");
        }
        return message;
    }

    private OutboxMessage sentMessage(EventRequest request, Contact contact) {
        if (request.messageId() == null) {
            throw new FieldProblemException("messageId", "is required for " + request.type());
        }
        return outbox.find(request.messageId())
                .filter(m -> m.contactId() == contact.id())
                .orElseThrow(() -> new InvalidRequestException(
                        "Message " + request.messageId() + " was not sent to this contact."));
    }
}
