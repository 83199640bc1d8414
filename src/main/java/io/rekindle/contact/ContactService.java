package io.rekindle.contact;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.rekindle.system.FieldProblemException;
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
    /** A sign-up dated earlier than this before now is an existing customer's. */
    static final Duration NEW_SIGN_UP_WITHIN = Duration.ofDays(1);
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Instant EARLIEST_SIGN_UP = Instant.EPOCH;

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
    public Optional<Contact> signUp(SignUpRequest asked) {
        SignUpRequest request = asked.withEmail(EmailAddresses.ascii(asked.email()));
        if (contacts.findByExternalId(request.externalId()).isPresent()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant signedUpAt = signedUpAt(request, now);
        long id = contacts.insert(request, signedUpAt, now);
        // a customer who signed up long ago is no new sign-up: stored, but sent through no sign-up journey
        boolean newSignUp = !signedUpAt.isBefore(now.minus(NEW_SIGN_UP_WITHIN));
        events.publishEvent(new ContactSignedUp(id, newSignUp));
        log.info("Contact {} signed up{}", id, newSignUp ? "" : " (existing customer: no sign-up journey)");
        return contacts.findById(id);
    }

    private static Instant signedUpAt(SignUpRequest request, Instant now) {
        if (request.signedUpAt() == null) {
            return now;
        }
        Instant at = request.signedUpAt().toInstant();
        if (at.isAfter(now.plus(CLOCK_SKEW))) {
            throw new FieldProblemException("signedUpAt", "must not be in the future");
        }
        if (at.isBefore(EARLIEST_SIGN_UP)) {
            throw new FieldProblemException("signedUpAt", "must be after 1970-01-01");
        }
        return at;
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
