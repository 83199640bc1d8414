package io.rekindle.survey;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.rekindle.contact.Contact;
import io.rekindle.contact.ContactService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The survey page's logic: who a token invites, and storing their answer once. The answer and the
 * journey's move (via {@link SurveyAnswerStored}) commit together or not at all.
 */
@Service
public class SurveyService {

    private static final Logger log = LoggerFactory.getLogger(SurveyService.class);

    private final SurveyLinks links;
    private final SurveyAnswerRepository answers;
    private final ContactService contacts;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SurveyService(SurveyLinks links, SurveyAnswerRepository answers, ContactService contacts,
            ApplicationEventPublisher events, Clock clock) {
        this.links = links;
        this.answers = answers;
        this.contacts = contacts;
        this.events = events;
        this.clock = clock;
    }

    /** The page a token opens, or empty when the token is not genuine, expired, or its contact is gone. */
    public Optional<SurveyPage> page(String token) {
        return links.read(token).flatMap(invitation -> contacts.find(invitation.contactId())
                .map(contact -> new SurveyPage(contact.locale(), firstName(contact),
                        answers.findBySurvey(invitation.surveyProcessInstanceId()).isPresent())));
    }

    /** Stores the answer and moves the survey journey on; a second submission changes nothing. */
    @Transactional
    public Submission submit(String token, SurveyForm form) {
        Optional<SurveyLinks.Invitation> invitation = links.read(token);
        Optional<Contact> contact = invitation.flatMap(i -> contacts.find(i.contactId()));
        if (contact.isEmpty()) {
            return new Submission(Outcome.NOT_FOUND, null, List.of());
        }
        SurveyPage page = new SurveyPage(contact.get().locale(), firstName(contact.get()), false);
        String survey = invitation.get().surveyProcessInstanceId();
        if (answers.findBySurvey(survey).isPresent()) {
            return new Submission(Outcome.ALREADY_ANSWERED, page.asAnswered(), List.of());
        }
        List<String> invalid = form.invalidFields();
        if (!invalid.isEmpty()) {
            return new Submission(Outcome.INVALID, page, invalid);
        }
        answers.insert(contact.get().id(), survey, form.valid(), clock.instant());
        events.publishEvent(new SurveyAnswerStored(contact.get().id(), survey));
        log.info("Survey {} answered by contact {}", survey, contact.get().id());
        return new Submission(Outcome.THANKS, page.asAnswered(), List.of());
    }

    /** The answer to one survey (process instance), if the contact gave one. */
    public Optional<SurveyAnswer> answerOf(String surveyProcessInstanceId) {
        return surveyProcessInstanceId == null ? Optional.empty() : answers.findBySurvey(surveyProcessInstanceId);
    }

    private static String firstName(Contact contact) {
        return contact.firstName() == null ? "" : contact.firstName();
    }

    public record SurveyPage(String locale, String firstName, boolean alreadyAnswered) {

        SurveyPage asAnswered() {
            return new SurveyPage(locale, firstName, true);
        }
    }

    public enum Outcome { THANKS, ALREADY_ANSWERED, INVALID, NOT_FOUND }

    public record Submission(Outcome outcome, SurveyPage page, List<String> invalidFields) {
    }
}
