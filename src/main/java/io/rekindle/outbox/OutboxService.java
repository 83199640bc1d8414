package io.rekindle.outbox;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.rekindle.contact.Contact;
import io.rekindle.contact.ContactRepository;
import io.rekindle.contact.EmailStatus;
import io.rekindle.experiment.Holdouts;
import io.rekindle.offer.Offer;
import io.rekindle.offer.OfferService;
import io.rekindle.preferences.PreferenceService;
import io.rekindle.streams.SendingStreams;
import io.rekindle.system.NotFoundException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes messages to the outbox inside the caller's transaction (a journey step's), after the send
 * rules. Delivery happens later, in the dispatcher: a rolled-back step leaves no message behind, a
 * committed one is never lost.
 */
@Service
public class OutboxService {

    private static final Logger log = LoggerFactory.getLogger(OutboxService.class);
    public static final String EMAIL = "EMAIL";
    public static final String SMS = "SMS";
    /** The journey that says goodbye and then suppresses the contact: its own message is not refused. */
    static final String FAREWELL_JOURNEY = "final-removal";

    private final OutboxRepository outbox;
    private final ContactRepository contacts;
    private final OfferService offers;
    private final EmailTemplates templates;
    private final Holdouts holdouts;
    private final Clock clock;
    private final SendingStreams streams;
    private final PreferenceService preferences;
    @org.springframework.beans.factory.annotation.Value("${rekindle.mail.soft-bounce-retry:PT4H}")
    private java.time.Duration softBounceRetry = java.time.Duration.ofHours(4);

    OutboxService(OutboxRepository outbox, ContactRepository contacts, OfferService offers, EmailTemplates templates,
            Holdouts holdouts, Clock clock, SendingStreams streams, PreferenceService preferences) {
        this.streams = streams;
        this.preferences = preferences;
        this.outbox = outbox;
        this.contacts = contacts;
        this.offers = offers;
        this.templates = templates;
        this.holdouts = holdouts;
        this.clock = clock;
    }

    /** Returns the message's id (the one already written, for a step run again). */
    @Transactional
    public long enqueueEmail(EmailRequest request) {
        return enqueueEmail(request, null);
    }

    /**
     * {@link #enqueueEmail(EmailRequest)} from a journey whose {@code journeyArm} (its {@link Holdouts#VAR_ARM}) may
     * hold the contact out: a held-back message is written SKIPPED with its reason (HOLDOUT, CONTROL_GROUP), fully
     * rendered but with no offer minted, so that "would have received" can be counted; the dispatcher never sends it.
     * The send rules come first: a contact who could not have received it is not counted as held back.
     */
    @Transactional
    public long enqueueEmail(EmailRequest request, Object journeyArm) {
        Optional<Long> existing = outbox.idByKey(request.idempotencyKey());
        if (existing.isPresent()) {
            log.info("Step {} already wrote message {}; not writing another", request.activityId(), existing.get());
            return existing.get();
        }
        var found = contacts.findWithPreferences(request.contactId())
                .orElseThrow(() -> new NotFoundException("No contact with id " + request.contactId() + "."));
        Contact contact = found.contact();
        String refusal = refusal(contact);
        if (refusal == null) {
            refusal = preferenceRefusal(found, EMAIL, request.template());
        }
        if (refusal == null) {
            refusal = holdouts.holdback(contact.id(), request.template(), journeyArm);
        }
        Offer offer = refusal == null && request.withOffer()
                ? offers.grant(contact.id(), request.idempotencyKey()) : null;
        var rendered = templates.render(request.template(), contact, offer, request.links());
        // chosen now, not at sending: every attempt of the row goes out under the same identity and Message-ID
        var message = new NewMessage(request.idempotencyKey(), contact.id(), EMAIL,
                streams.streamOf(request.template()), request.template(),
                contact.locale(), contact.email(), rendered.subject(), rendered.text(), rendered.html(),
                offer == null ? null : offer.code(), request.journey(), request.processInstanceId(),
                request.activityId(), request.experiment(), request.experimentArm());
        long id = outbox.insert(message, refusal == null ? MessageStatus.PENDING : MessageStatus.SKIPPED, refusal,
                clock.instant());
        if (refusal != null) {
            log.info("Message {} for contact {} skipped: {}", id, contact.id(), refusal);
        }
        return id;
    }

    /**
     * An SMS in the outbox, with the same idempotency and send rules as email (consent, a phone number).
     * The SMS provider's dispatcher delivers the SMS channel's rows.
     */
    @Transactional
    public long enqueueSms(EmailRequest request) {
        return enqueueSms(request, null);
    }

    /** {@link #enqueueSms(EmailRequest)} from a journey that may hold the contact out, as for email. */
    @Transactional
    public long enqueueSms(EmailRequest request, Object journeyArm) {
        Optional<Long> existing = outbox.idByKey(request.idempotencyKey());
        if (existing.isPresent()) {
            return existing.get();
        }
        var found = contacts.findWithPreferences(request.contactId())
                .orElseThrow(() -> new NotFoundException("No contact with id " + request.contactId() + "."));
        Contact contact = found.contact();
        String refusal = smsRefusal(contact);
        if (refusal == null) {
            refusal = preferenceRefusal(found, SMS, request.template());
        }
        if (refusal == null) {
            refusal = holdouts.holdback(contact.id(), request.template(), journeyArm);
        }
        Offer offer = refusal == null && request.withOffer()
                ? offers.grant(contact.id(), request.idempotencyKey()) : null;
        String text = templates.renderSms(request.template(), contact, offer);
        long id = outbox.insert(new NewMessage(request.idempotencyKey(), contact.id(), SMS, null, request.template(),
                        contact.locale(),
                        contact.phone(), null, text, null, offer == null ? null : offer.code(), request.journey(),
                        request.processInstanceId(), request.activityId(), request.experiment(),
                        request.experimentArm()),
                refusal == null ? MessageStatus.PENDING : MessageStatus.SKIPPED, refusal, clock.instant());
        if (refusal != null) {
            log.info("Message {} for contact {} skipped: {}", id, contact.id(), refusal);
        }
        return id;
    }

    /**
     * The contact's own choices on its preference page (channel, topic, pause), when the message is written: the row
     * is SKIPPED with the reason at once, so the journey and the KPIs see it. Transactional templates are not subject
     * to them; the frequency cap is applied at delivery, with the marketing pressure.
     */
    private String preferenceRefusal(ContactRepository.WithPreferences found, String channel, String template) {
        return holdouts.transactional(template) ? null
                : preferences.refusal(found.preferences(), channel, template, clock.instant());
    }

    /** Why this contact must not get a marketing SMS, or null when it may (at writing and before delivery). */
    static String smsRefusal(Contact contact) {
        return contact.suppressedAt() != null ? "SUPPRESSED"
                : contact.smsUnsubscribedAt() != null ? "UNSUBSCRIBED"
                : !contact.smsConsent() ? "NO_SMS_CONSENT"
                : contact.phone() == null || contact.phone().isBlank() ? "NO_PHONE" : null;
    }

    /**
     * Why this contact must not get a marketing email, or null when it may. Checked when a step writes
     * the message and again by the dispatcher right before delivery. The most specific reason wins:
     * an unsubscribe also withdraws the consent, but is recorded as UNSUBSCRIBED.
     */
    static String refusal(Contact contact) {
        return refusal(contact, true);
    }

    /** The send rules, with or without the suppression (a message written before it still goes). */
    static String refusal(Contact contact, boolean suppression) {
        if (suppression && contact.suppressedAt() != null) {
            return "SUPPRESSED";
        }
        if (contact.emailUnsubscribedAt() != null) {
            return "UNSUBSCRIBED";
        }
        if (!contact.emailConsent()) {
            return "NO_EMAIL_CONSENT";
        }
        if (contact.email() == null) {
            return "NO_EMAIL_ADDRESS";
        }
        if (contact.emailStatus() == EmailStatus.HARD_BOUNCE) {
            return "EMAIL_INVALID";
        }
        return null;
    }

    /**
     * The provider bounced this message: a hard bounce fails it for good; a soft one sends it again later
     * ({@code rekindle.mail.soft-bounce-retry}), and the send rules decide again then (a run of soft bounces
     * makes the address invalid, and the message is skipped).
     */
    @Transactional
    public void bounced(long messageId, boolean hard) {
        if (hard) {
            outbox.bouncedForGood(messageId);
        } else {
            outbox.sendAgainAt(messageId, clock.instant().plus(softBounceRetry));
        }
    }

    /** The last SMS delivered to the contact: what an SMS reply answers. */
    public Optional<OutboxMessage> lastSentSms(long contactId) {
        return outbox.lastSent(contactId, SMS);
    }

    public Optional<OutboxMessage> find(long id) {
        return outbox.findById(id);
    }

    public List<OutboxMessage> find(Long contactId, MessageStatus status, int limit) {
        return outbox.find(contactId, status, limit);
    }
}
