package io.rekindle.journey;

import io.rekindle.engine.Variable;

/**
 * The names shared by the BPMN files and the code, in one place: process ids, message names and
 * process variables. Journeys hold ids and decision outcomes only; the CRM holds the rest.
 */
public final class Journeys {

    public static final String NEW_SIGNUP_RELAUNCH = "new-signup-relaunch";
    public static final String INACTIVE_WINBACK = "inactive-winback";
    public static final String SATISFACTION_SURVEY = "satisfaction-survey";
    public static final String FINAL_REMOVAL = "final-removal";
    public static final String WELCOME_BACK = "welcome-back";
    /**
     * The relaunch's J+30 wait, where an imported contact enters it ({@link RelaunchEntry}): renaming this element in
     * the Modeler needs this id changed too ({@code ModelConventionsTest} checks that it exists).
     */
    public static final String RELAUNCH_J30 = "Timer_J30";
    /** The journeys that solicit a contact: never two of them for the same contact at once. */
    public static final java.util.Set<String> MARKETING_JOURNEYS = java.util.Set.of(NEW_SIGNUP_RELAUNCH,
            INACTIVE_WINBACK, SATISFACTION_SURVEY, FINAL_REMOVAL);

    /** Message: the contact bought something. Correlated by business key (= contact id). */
    public static final String MESSAGE_PURCHASE_MADE = "PurchaseMade";
    /** Message: the contact opened (or clicked in) an email this very journey sent. */
    public static final String MESSAGE_EMAIL_OPENED = "EmailOpened";
    /**
     * Message: the contact unsubscribed (any channel). Correlated to all instances by business key (= contact
     * id); every marketing journey catches it in its interrupting event subprocess {@code SubProcess_Unsubscribed}
     * (start {@code StartEvent_Unsubscribed}, end {@code EndEvent_Unsubscribed}).
     */
    public static final String MESSAGE_CONTACT_UNSUBSCRIBED = "ContactUnsubscribed";

    /** Message: the contact bought, visited or clicked — activity of their own (opens do not count). */
    public static final String MESSAGE_CONTACT_REACTIVATED = "ContactReactivated";
    /** Message (start of welcome-back): a contact isolated by the final removal became active again. */
    public static final String MESSAGE_REMOVED_CONTACT_CAME_BACK = "RemovedContactCameBack";
    /** Message: the contact answered the survey page. Correlated to the survey instance named in the link. */
    public static final String MESSAGE_SURVEY_ANSWERED = "SurveyAnswered";

    // the deliverability ramp's message and variables: deliverability.RampVariables

    /** Variable (Long): our contact id; also the business key, as text. */
    public static final String VAR_CONTACT_ID = "contactId";
    /** {@link #VAR_CONTACT_ID}, typed: every journey of a contact holds it, and every send step reads it. */
    public static final Variable<Long> CONTACT_ID = Variable.of(VAR_CONTACT_ID, Long.class);
    /** Variable (Boolean): purchased or visited since sign-up, as read from the CRM. */
    public static final String VAR_ACTIVE_SINCE_SIGN_UP = "activeSinceSignUp";
    /** Variable (String): output of survey-follow-up.dmn, CUSTOMER_SERVICE_TASK, SEND_OFFER, REMOVE or NO_ACTION. */
    public static final String VAR_SURVEY_FOLLOW_UP = "surveyFollowUp";
    /** Variable (String), for the caller: CUSTOMER_SERVICE, OFFER_SENT, REMOVE or NO_ACTION (also: came back). */
    public static final String VAR_SURVEY_OUTCOME = "surveyOutcome";
    /** Local input of a send step: the template to send. */
    public static final String INPUT_TEMPLATE = "template";
    /** Local input of a send step: "true" to grant a personal offer code with the message. */
    public static final String INPUT_WITH_OFFER = "withOffer";

    private Journeys() {
    }
}
