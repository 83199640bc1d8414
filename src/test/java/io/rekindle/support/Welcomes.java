package io.rekindle.support;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The welcome email every sign-up gets first (bpmn/new-signup-relaunch.bpmn, Task_SendWelcome): the tests of the
 * later steps count the messages after it; the welcome has its own tests.
 */
public final class Welcomes {

    public static final String TEMPLATE = "welcome";

    private Welcomes() {
    }

    /** An outbox row, as the API returns it. */
    public static boolean isWelcome(JsonNode outboxRow) {
        return TEMPLATE.equals(outboxRow.get("template").asText());
    }

    /** An email as the SMTP server received it: the subjects of templates/mail/subjects_*.properties. */
    public static boolean isWelcome(MimeMessage email) {
        try {
            String subject = email.getSubject();
            return subject != null && (subject.startsWith("Welcome, ") || subject.startsWith("Bienvenue "));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
