package io.rekindle.journey;

import io.rekindle.system.NotFoundException;

import org.springframework.context.NoSuchMessageException;
import org.thymeleaf.exceptions.TemplateInputException;

/**
 * What a failed send step says in Cockpit once its retries are spent (the incident message): what went wrong in
 * words an operator acts on, and what to do. Only the text changes; the engine's retries and incidents stay.
 */
final class SendStepFailure extends RuntimeException {

    private SendStepFailure(String message, Throwable cause) {
        super(message, cause);
    }

    static RuntimeException explain(RuntimeException e, long contactId, String template) {
        if (e instanceof NotFoundException) {
            return new SendStepFailure("Contact " + contactId + " no longer exists (erased?). Nothing to retry:"
                    + " cancel this journey instance in Cockpit.", e);
        }
        if (e instanceof TemplateInputException || e instanceof NoSuchMessageException) {
            return new SendStepFailure("Message template '" + template + "' is missing a text for the contact's"
                    + " language (templates/mail/" + template + "_<fr|en>.html and .txt, subject in"
                    + " subjects_<fr|en>.properties). Add it and redeploy the app, or choose another message for"
                    + " this step in the Modeler; then retry the step in Cockpit (Incidents > Retry).", e);
        }
        return e;
    }
}
