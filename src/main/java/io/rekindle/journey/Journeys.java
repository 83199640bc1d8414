package io.rekindle.journey;

/**
 * The names shared by the BPMN files and the code, in one place: process ids, message names and
 * process variables. Journeys hold ids and decision outcomes only; the CRM holds the rest.
 */
public final class Journeys {

    public static final String NEW_SIGNUP_RELAUNCH = "new-signup-relaunch";

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

    /** Variable (Long): our contact id; also the business key, as text. */
    public static final String VAR_CONTACT_ID = "contactId";
    /** Variable (Boolean): purchased or visited since sign-up, as read from the CRM. */
    public static final String VAR_ACTIVE_SINCE_SIGN_UP = "activeSinceSignUp";
    /** Local input of a send step: the template to send. */
    public static final String INPUT_TEMPLATE = "template";
    /** Local input of a send step: "true" to grant a personal offer code with the message. */
    public static final String INPUT_WITH_OFFER = "withOffer";

    private Journeys() {
    }
}
