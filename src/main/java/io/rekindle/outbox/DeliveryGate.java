package io.rekindle.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.rekindle.contact.Contact;
import io.rekindle.contact.ContactRepository;
import io.rekindle.experiment.Holdouts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import io.rekindle.pressure.MarketingPressure;
import io.rekindle.preferences.PreferenceService;
import io.rekindle.preferences.Preferences;

/**
 * What every dispatcher does before it hands a message to its channel: claim the row (of two dispatchers racing,
 * one wins), apply the send rules again on the contact as it is now (an unsubscribe since the row was written
 * wins), the contact's choices on its preference page and the global control group, then the marketing pressure cap
 * (tightened by the contact's frequency choice). Returns the message, as claimed, only when it may go now.
 */
@Component
public class DeliveryGate {

    private static final Logger log = LoggerFactory.getLogger(DeliveryGate.class);

    private final OutboxRepository outbox;
    private final ContactRepository contacts;
    private final MarketingPressure pressure;
    private final Holdouts holdouts;
    private final PreferenceService preferences;

    DeliveryGate(OutboxRepository outbox, ContactRepository contacts, MarketingPressure pressure, Holdouts holdouts,
            PreferenceService preferences) {
        this.preferences = preferences;
        this.outbox = outbox;
        this.contacts = contacts;
        this.pressure = pressure;
        this.holdouts = holdouts;
    }

    public Optional<OutboxRepository.Claimed> admit(long id, String channel, Instant now, Duration lock) {
        var claimed = outbox.claim(id, channel, now, now.plus(lock));
        if (claimed.isEmpty()) {
            return Optional.empty(); // another dispatcher has it
        }
        OutboxMessage message = claimed.get().message();
        // the contact and its preference-centre choices in one read: the dispatch path stays at one statement for both
        var found = contacts.findWithPreferences(message.contactId());
        var contact = found.map(ContactRepository.WithPreferences::contact);
        String refusal = contact.isEmpty() ? "NO_CONTACT" : refusal(channel, contact.get(), message);
        boolean transactional = holdouts.transactional(message.template());
        // transactional templates (welcome, farewell) are not subject to the choices
        Preferences choices = transactional || found.isEmpty() ? Preferences.NONE : found.get().preferences();
        if (refusal == null) {
            refusal = preferences.refusal(choices, channel, message.template(), now);
        }
        if (refusal == null && !transactional && holdouts.inGlobalControl(message.contactId())) {
            // a row written before the group was on, or before this contact was recorded in it: held back still
            refusal = Holdouts.REASON_CONTROL_GROUP;
        }
        if (refusal != null) {
            outbox.markSkipped(id, refusal);
            log.info("Message {} for contact {} skipped before delivery: {}", id, message.contactId(), refusal);
            return Optional.empty();
        }
        var decision = pressure.decide(message.contactId(), message.id(), message.template(), now,
                choices.capAt(now));
        if (decision instanceof MarketingPressure.Defer defer) {
            outbox.deferForPressure(id, defer.until(), defer.limit());
            log.info("Message {} for contact {} waits until {}: marketing pressure, {}", id, message.contactId(),
                    defer.until(), defer.limit());
            return Optional.empty();
        }
        if (decision instanceof MarketingPressure.Skip skip) {
            outbox.skipForPressure(id, skip.limit());
            log.info("Message {} for contact {} skipped: marketing pressure, {}", id, message.contactId(),
                    skip.limit());
            return Optional.empty();
        }
        return claimed;
    }

    private static String refusal(String channel, Contact contact, OutboxMessage message) {
        if (OutboxService.SMS.equals(channel)) {
            return OutboxService.smsRefusal(contact);
        }
        // the final removal writes its farewell, then isolates the contact: that message still goes
        boolean farewell = OutboxService.FAREWELL_JOURNEY.equals(message.journey());
        return OutboxService.refusal(contact, !farewell);
    }
}
