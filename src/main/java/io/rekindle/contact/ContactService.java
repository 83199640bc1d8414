package io.rekindle.contact;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import io.rekindle.engine.ProcessRuntime;
import io.rekindle.system.ConflictException;
import io.rekindle.system.FieldProblemException;
import io.rekindle.system.NotFoundException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

@Service
public class ContactService {

    private static final Logger log = LoggerFactory.getLogger(ContactService.class);

    private final ContactRepository contacts;
    private final ApplicationEventPublisher events;
    /** A sign-up dated earlier than this before now is an existing customer's. */
    static final Duration NEW_SIGN_UP_WITHIN = Duration.ofDays(1);
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Instant EARLIEST_SIGN_UP = Instant.EPOCH;
    /** What a new contact's row holds: the column's default, at its scale, and the consents' source. */
    private static final BigDecimal NO_REVENUE = BigDecimal.ZERO.setScale(2);
    private static final String SIGN_UP = "sign-up";

    private final Clock clock;
    private final ContactHistoryRepository history;
    private final ContactActivity activity;
    private final Validator validator;
    private final TransactionTemplate transaction;
    /** Tries of a change whose journeys a timer was moving at that moment, before the caller gets a 409. */
    static final int CONFLICT_ATTEMPTS = 3;

    ContactService(ContactRepository contacts, ApplicationEventPublisher events, Clock clock,
            ContactHistoryRepository history, ContactActivity activity, Validator validator,
            PlatformTransactionManager transactions) {
        this.contacts = contacts;
        this.events = events;
        this.clock = clock;
        this.history = history;
        this.activity = activity;
        this.validator = validator;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Changes the contact's own fields ({@link ContactChange}: null = leave as is) and writes one history row per
     * field that really changed, with {@code source} ({@code api}, {@code import:<id>}, {@code segment}, …), in one
     * transaction; a value equal to the stored one writes nothing. Validated by the sign-up's rules: a 400 problem
     * naming the field, and nothing written. A new email address starts with a clean bounce record (VALID, no soft
     * bounces). Withdrawing the email consent stores an UNSUBSCRIBED event (channel EMAIL) and publishes
     * {@link EmailConsentWithdrawn}, in this transaction: every marketing journey sends email, so they all end, as
     * after an unsubscribe. Withdrawing the SMS consent ends no journey (the SMS send step and the dispatcher skip
     * a contact without consent). Giving a consent again lifts that channel's earlier unsubscribe.
     *
     * <p>
     * A timer moving one of the contact's journeys at the same moment (a lock held too long, a concurrent change of
     * the journey) fails the attempt; the whole change is tried again on fresh state, {@value #CONFLICT_ATTEMPTS}
     * times in all, then a {@link ConflictException} (409): every caller (the PATCH API, Segment {@code identify})
     * gets the same. Inside a transaction of the caller's, one attempt: the caller tries again, whole.
     *
     * @param source where the change comes from, 1 to 40 characters, no personal data
     * @return the contact as it is now
     */
    public Contact change(long contactId, ContactChange change, String source) {
        if (source == null || source.isBlank() || source.length() > 40) {
            throw new IllegalArgumentException("A change source has 1 to 40 characters");
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // a conflict has spoilt the caller's transaction: only the caller can try again, whole
            return changeOnce(contactId, change, source);
        }
        // a timer moving one of the contact's journeys at the same moment: the whole change again, on fresh state
        return ProcessRuntime.inTransactionRetryingMoves(transaction, CONFLICT_ATTEMPTS,
                () -> changeOnce(contactId, change, source),
                () -> new ConflictException("The contact's journeys were moving at that moment; nothing was"
                        + " changed. Send the change again."));
    }

    private Contact changeOnce(long contactId, ContactChange change, String source) {
        Contact before = contacts.lock(contactId)
                .orElseThrow(() -> new NotFoundException("No contact with id " + contactId + "."));
        if (before.erasedAt() != null) {
            throw new NotFoundException("No contact with id " + contactId + ".");
        }
        Contact after = applied(before, valid(change));
        Instant now = clock.instant();
        int fields = 0;
        fields += recorded(before.email(), after.email(), "email", contactId, now, source);
        fields += recorded(before.phone(), after.phone(), "phone", contactId, now, source);
        fields += recorded(before.firstName(), after.firstName(), "firstName", contactId, now, source);
        fields += recorded(before.locale(), after.locale(), "locale", contactId, now, source);
        fields += recorded(before.emailConsent(), after.emailConsent(), "emailConsent", contactId, now, source);
        fields += recorded(before.smsConsent(), after.smsConsent(), "smsConsent", contactId, now, source);
        if (fields == 0) {
            return before;
        }
        if (!Objects.equals(before.email(), after.email())) {
            recorded(before.emailStatus(), EmailStatus.VALID, "emailStatus", contactId, now, source);
        }
        contacts.change(before, after, source, now);
        if (before.emailConsent() && !after.emailConsent()) {
            ActivityEvent unsubscribe = activity.emailConsentWithdrawn(contactId, now);
            if (!unsubscribe.duplicate()) {
                events.publishEvent(new EmailConsentWithdrawn(contactId, unsubscribe));
            }
        }
        log.info("Contact {} changed from {}: {} fields", contactId, source, fields);
        return contacts.findById(contactId).orElseThrow();
    }

    /** The contact's change history, oldest first; empty for an unknown contact. */
    public List<ContactHistoryEntry> history(long contactId) {
        return history.of(contactId);
    }

    private ContactChange valid(ContactChange change) {
        check("email", change.email());
        if (change.phone() != null && !ContactChange.NO_PHONE.equals(change.phone())) {
            check("phone", change.phone());
        }
        check("firstName", change.firstName());
        check("locale", change.locale());
        return change.email() == null ? change : change.withEmail(EmailAddresses.ascii(change.email()));
    }

    /** The sign-up's rule for this field ({@link SignUpRequest}); a 400 problem naming it otherwise. */
    private void check(String field, String value) {
        if (value == null) {
            return;
        }
        validator.validateValue(SignUpRequest.class, field, value).stream()
                .map(ConstraintViolation::getMessage).sorted().findFirst()
                .ifPresent(message -> {
                    throw new FieldProblemException(field, message);
                });
    }

    private static Contact applied(Contact c, ContactChange change) {
        String phone = change.phone() == null ? c.phone()
                : ContactChange.NO_PHONE.equals(change.phone()) ? null : change.phone();
        return new Contact(c.id(), c.externalId(), or(change.email(), c.email()), phone,
                or(change.firstName(), c.firstName()), or(change.locale(), c.locale()), c.signedUpAt(),
                or(change.emailConsent(), c.emailConsent()), or(change.smsConsent(), c.smsConsent()),
                c.emailStatus(), c.lastPurchaseAt(), c.lastVisitAt(), c.lastEmailOpenAt(), c.lastEmailClickAt(),
                c.purchaseCount(), c.revenue(), c.emailUnsubscribedAt(), c.smsUnsubscribedAt(), c.suppressedAt(),
                c.suppressionReason(), c.emailConsentAt(), c.emailConsentSource(), c.smsConsentAt(),
                c.smsConsentSource(), c.loyaltyPoints(), c.erasedAt());
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }

    private int recorded(Object before, Object after, String field, long contactId, Instant at, String source) {
        if (Objects.equals(before, after)) {
            return 0;
        }
        history.insert(contactId, at, source, field, before == null ? null : before.toString(),
                after == null ? null : after.toString());
        return 1;
    }

    /**
     * Creates the contact and, in the same transaction, everything a sign-up starts.
     * Returns empty when the external id is already known: a sign-up happens once.
     */
    @Transactional
    public Optional<Contact> signUp(SignUpRequest asked) {
        SignUpRequest request = asked.withEmail(EmailAddresses.ascii(asked.email()));
        // to the microsecond, as the database keeps it: the contact answered is the contact stored, without reading it
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant signedUpAt = signedUpAt(request, now).truncatedTo(ChronoUnit.MICROS);
        Optional<Long> inserted = contacts.insertIfNew(request, signedUpAt, now);
        if (inserted.isEmpty()) {
            return Optional.empty();
        }
        long id = inserted.get();
        // a customer who signed up long ago is no new sign-up: stored, but sent through no sign-up journey
        boolean newSignUp = !signedUpAt.isBefore(now.minus(NEW_SIGN_UP_WITHIN));
        events.publishEvent(new ContactSignedUp(id, newSignUp));
        log.info("Contact {} signed up{}", id, newSignUp ? "" : " (existing customer: no sign-up journey)");
        return Optional.of(new Contact(id, request.externalId(), request.email(), request.phone(),
                request.firstName(), request.locale(), signedUpAt, request.emailConsent(), request.smsConsent(),
                EmailStatus.VALID, null, null, null, null, 0, NO_REVENUE, null, null, null, null, now, SIGN_UP, now,
                SIGN_UP, null, null));
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
