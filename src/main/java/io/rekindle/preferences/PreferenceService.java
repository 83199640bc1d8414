package io.rekindle.preferences;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.rekindle.engine.ProcessRuntime;
import io.rekindle.system.ConflictException;
import io.rekindle.system.FieldProblemException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The contact's choices: read for the page, the contact API and the send rules; saved from the page. The send rules
 * ({@link #refusal}) are for marketing templates: callers leave transactional ones (welcome, farewell) out.
 */
@Service
public class PreferenceService {

    public static final String CHANNEL_OFF = "PREFERENCE_CHANNEL";
    public static final String TOPIC_OFF = "PREFERENCE_TOPIC";
    public static final String PAUSED = "PREFERENCE_PAUSED";
    private static final Set<String> CHANNELS = Set.of("EMAIL", "SMS");

    private static final Logger log = LoggerFactory.getLogger(PreferenceService.class);
    /** Tries of a save whose unsubscribe met a journey moving at that moment, before the page says to try again. */
    static final int CONFLICT_ATTEMPTS = 3;

    /**
     * What the page shows. {@code emailConsent}/{@code smsConsent}: the contact's consent for the channel; without
     * it the channel is shown off and cannot be ticked (the page is no opt-in: an unsubscribe stands).
     */
    record Page(long contactId, String firstName, String locale, boolean emailConsent, boolean smsConsent,
            Preferences choices, List<PreferenceProperties.Topic> topics) {
    }

    private final PreferenceRepository repository;
    private final PreferenceProperties properties;
    private final PreferenceLinks links;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate transaction;

    PreferenceService(PreferenceRepository repository, PreferenceProperties properties, PreferenceLinks links,
            ApplicationEventPublisher events, Clock clock, PlatformTransactionManager transactions) {
        this.transaction = new TransactionTemplate(transactions);
        this.repository = repository;
        this.properties = properties;
        this.links = links;
        this.events = events;
        this.clock = clock;
    }

    /** The contact's choices; {@link Preferences#NONE} when it never chose. One read by primary key. */
    public Preferences of(long contactId) {
        return repository.find(contactId).orElse(Preferences.NONE);
    }

    /**
     * The contact's choices as they apply now, for the contact API: a pause that has ended shows as usual (its end
     * still in the history). {@code updatedAt} null: the contact never chose.
     */
    public Preferences current(long contactId) {
        Preferences choices = of(contactId);
        Instant now = clock.instant();
        return choices.frequencyAt(now) == choices.frequency() ? choices
                : new Preferences(choices.email(), choices.sms(), choices.topicsOff(), Frequency.AS_USUAL, null,
                        choices.updatedAt());
    }

    /** The topic of a template ({@code rekindle.preferences.template-topics}); null: none. */
    public String topicOf(String template) {
        return properties.templateTopics().get(template);
    }

    /**
     * Why a marketing message of {@code template} on {@code channel} (EMAIL, SMS) must not reach a contact with these
     * choices at {@code now}, or null when it may: the channel is off, its topic is off, or marketing is paused.
     */
    public String refusal(Preferences choices, String channel, String template, Instant now) {
        if ("EMAIL".equals(channel) && !choices.email() || "SMS".equals(channel) && !choices.sms()) {
            return CHANNEL_OFF;
        }
        String topic = topicOf(template);
        if (topic != null && choices.topicsOff().contains(topic)) {
            return TOPIC_OFF;
        }
        return choices.frequencyAt(now) == Frequency.PAUSE_3_MONTHS ? PAUSED : null;
    }

    Optional<Page> page(String token) {
        return links.contactOf(token).flatMap(repository::pageContact)
                .map(c -> new Page(c.id(), c.firstName(), c.locale(), c.emailConsent(), c.smsConsent(), of(c.id()),
                        properties.topics()));
    }

    /**
     * Stores the choices of the form (all or nothing: an unknown channel, topic or frequency is refused before
     * anything is written), or unsubscribes from everything. Empty: the token is not genuine.
     * <p>
     * One transaction: the choices and an unsubscribe from everything (its event, the end of the contact's journeys)
     * commit together. A journey a timer moves at that moment (a conflict, a lock) fails the transaction whole; the
     * save runs again on fresh state, up to {@link #CONFLICT_ATTEMPTS} times, then the page says to send it again.
     */
    Optional<Page> save(String token, PreferenceForm form) {
        return ProcessRuntime.inTransactionRetryingMoves(transaction, CONFLICT_ATTEMPTS, () -> saveOnce(token, form),
                () -> new ConflictException("Your journeys were changing at that moment; nothing was saved."
                        + " Send the form again."));
    }

    private Optional<Page> saveOnce(String token, PreferenceForm form) {
        Optional<Page> page = page(token);
        if (page.isEmpty()) {
            return page;
        }
        long contactId = page.get().contactId();
        Instant now = clock.instant();
        Preferences current = page.get().choices();
        Preferences chosen;
        if (form.unsubscribeAll()) {
            chosen = new Preferences(false, false, current.topicsOff(), current.frequency(), current.pausedUntil(),
                    now);
        } else {
            chosen = parse(form, page.get(), now);
        }
        repository.save(contactId, chosen, form.unsubscribeAll());
        if (form.unsubscribeAll()) {
            events.publishEvent(new UnsubscribedFromEverything(contactId));
        }
        log.info("Contact {} changed its preferences{}", contactId, form.unsubscribeAll() ? ": unsubscribed from all"
                : "");
        boolean all = form.unsubscribeAll();
        return Optional.of(new Page(contactId, page.get().firstName(), page.get().locale(),
                page.get().emailConsent() && !all, page.get().smsConsent() && !all, chosen, properties.topics()));
    }

    private Preferences parse(PreferenceForm form, Page page, Instant now) {
        Preferences current = page.choices();
        for (String channel : form.channel()) {
            if (!CHANNELS.contains(channel)) {
                throw new FieldProblemException("channel", "must be EMAIL or SMS");
            }
        }
        Set<String> topics = properties.topicIds();
        for (String topic : form.topic()) {
            if (!topics.contains(topic)) {
                throw new FieldProblemException("topic", "must be one of " + new java.util.TreeSet<>(topics));
            }
        }
        Frequency frequency;
        try {
            frequency = Frequency.valueOf(form.frequency() == null ? "" : form.frequency());
        } catch (IllegalArgumentException e) {
            throw new FieldProblemException("frequency", "must be AS_USUAL, WEEKLY, MONTHLY or PAUSE_3_MONTHS");
        }
        Set<String> off = new HashSet<>(topics);
        off.removeAll(form.topic());
        // saving the page again while paused keeps the pause's end: it does not start three months afresh
        Instant pausedUntil = frequency != Frequency.PAUSE_3_MONTHS ? null
                : current.frequencyAt(now) == Frequency.PAUSE_3_MONTHS ? current.pausedUntil()
                : now.atZone(ZoneOffset.UTC).plus(Frequency.PAUSE).toInstant();
        // a channel without consent is shown off and not sent: its stored choice stays as it was, so that a consent
        // given later (an opt-in elsewhere) is not silently cancelled by a page saved meanwhile
        boolean email = page.emailConsent() ? form.channel().contains("EMAIL") : current.email();
        boolean sms = page.smsConsent() ? form.channel().contains("SMS") : current.sms();
        return new Preferences(email, sms, off, frequency, pausedUntil, now);
    }
}
