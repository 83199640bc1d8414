package io.rekindle.journey;

/**
 * The names shared by the BPMN files and the code, in one place: process ids, message names and
 * process variables. Journeys hold ids and decision outcomes only; the CRM holds the rest.
 */
public final class Journeys {

    public static final String NEW_SIGNUP_RELAUNCH = "new-signup-relaunch";
    /**
     * Satisfaction survey, called through a call activity: business key = contact id, in {@code contactId},
     * out {@link #VAR_SURVEY_OUTCOME}.
     */
    public static final String SATISFACTION_SURVEY = "satisfaction-survey";

    /** Message: the contact bought something. Correlated by business key (= contact id). */
    public static final String MESSAGE_PURCHASE_MADE = "PurchaseMade";
    /** Message: the contact opened (or clicked in) an email this very journey sent. */
    public static final String MESSAGE_EMAIL_OPENED = "EmailOpened";

    /** Message: the contact answered the survey page. Correlated to the survey instance named in the link. */
    public static final String MESSAGE_SURVEY_ANSWERED = "SurveyAnswered";

    /** Variable (Long): our contact id; also the business key, as text. */
    public static final String VAR_CONTACT_ID = "contactId";
    /** Variable (Boolean): purchased or visited since sign-up, as read from the CRM. */
    public static final String VAR_ACTIVE_SINCE_SIGN_UP = "activeSinceSignUp";
    /** Variable (String): output of survey-follow-up.dmn, CUSTOMER_SERVICE_TASK, SEND_OFFER, REMOVE or NO_ACTION. */
    public static final String VAR_SURVEY_FOLLOW_UP = "surveyFollowUp";
    /** Variable (String), for the caller: CUSTOMER_SERVICE, OFFER_SENT, REMOVE or NO_ACTION. */
    public static final String VAR_SURVEY_OUTCOME = "surveyOutcome";
    /** Local input of a send step: the template to send. */
    public static final String INPUT_TEMPLATE = "template";
    /** Local input of a send step: "true" to grant a personal offer code with the message. */
    public static final String INPUT_WITH_OFFER = "withOffer";

    private Journeys() {
    }
}
