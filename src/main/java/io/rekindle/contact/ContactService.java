package io.rekindle.contact;

import java.time.Clock;
import java.util.Optional;

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

    public Optional<Contact> find(long id) {
        return contacts.findById(id);
    }

    public Optional<Contact> findByExternalId(String externalId) {
        return contacts.findByExternalId(externalId);
    }
}
