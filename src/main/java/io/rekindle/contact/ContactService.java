package io.rekindle.contact;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.rekindle.system.NotFoundException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class ContactService {

    private static final Logger log = LoggerFactory.getLogger(ContactService.class);

    private final ContactRepository contacts;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ContactService(ContactRepository contacts, ApplicationEventPublisher events, Clock clock) {
        this.contacts = contacts;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Creates the contact and, in the same transaction, everything a sign-up starts.
     * Returns empty when the external id is already known: a sign-up happens once.
     */
    @Transactional
    public Optional<Contact> signUp(SignUpRequest request) {
        if (contacts.findByExternalId(request.externalId()).isPresent()) {
            return Optional.empty();
        }
        long id = contacts.insert(request, clock.instant());
        events.publishEvent(new ContactSignedUp(id));
        log.info("Contact {} signed up", id);
        return contacts.findById(id);
    }

    /**
     * Isolates the contact from the marketing base: from now on every marketing send to it is recorded
     * as SKIPPED with reason SUPPRESSED. Idempotent: suppressing again keeps the first time and reason.
     *
     * @param reason why, for the CRM (e.g. {@code FINAL_REMOVAL}); at most 40 characters, no personal data
     */
    @Transactional
    public void suppress(long contactId, String reason, Instant at) {
        if (reason == null || reason.isBlank() || reason.length() > 40) {
            throw new IllegalArgumentException("A suppression reason has 1 to 40 characters");
        }
        if (!contacts.suppress(contactId, reason, at, clock.instant())) {
            throw new NotFoundException("No contact with id " + contactId + ".");
        }
        log.info("Contact {} suppressed: {}", contactId, reason);
    }

    /** The contact is back in the marketing base (it became active again). Nothing happens if it was not suppressed. */
    @Transactional
    public void liftSuppression(long contactId) {
        if (!contacts.liftSuppression(contactId, clock.instant())) {
            throw new NotFoundException("No contact with id " + contactId + ".");
        }
        log.info("Contact {} no longer suppressed", contactId);
    }

    public Optional<Contact> find(long id) {
        return contacts.findById(id);
    }

    public Optional<Contact> findByExternalId(String externalId) {
        return contacts.findByExternalId(externalId);
    }

    public java.util.List<Contact> findByPhone(String phone) {
        return contacts.findByPhone(phone);
    }
}
