package io.rekindle.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.contact.Contact;
import io.rekindle.contact.ContactChange;
import io.rekindle.contact.ContactService;
import io.rekindle.system.FieldProblemException;
import io.rekindle.system.NotFoundException;

import org.springframework.stereotype.Component;

/**
 * Segment {@code identify} traits → the contact's own fields, through {@link ContactService#change} with source
 * {@code segment} (validated as a sign-up, one history row per changed field; withdrawing the email consent ends the
 * journeys that send email). Read: {@code email}; {@code phone} (E.164; "" removes it); {@code firstName} or
 * {@code first_name}; {@code locale} or {@code language} ("fr-FR" is read as "fr"); {@code emailConsent} or
 * {@code email_consent}, {@code smsConsent} or {@code sms_consent} (booleans). Other traits are not kept. An
 * identify for a userId no contact has is refused (404): a contact starts with a sign-up, not with an identify.
 */
@Component
class ContactTraits {

    static final String SOURCE = "segment";

    private final ContactService contacts;

    ContactTraits(ContactService contacts) {
        this.contacts = contacts;
    }

    Inbound identify(String userId, String messageId, JsonNode traits) {
        if (!traits.isMissingNode() && !traits.isNull() && !traits.isObject()) {
            throw new FieldProblemException("traits", "must be a JSON object");
        }
        ContactChange change = new ContactChange(text(traits, "email"), text(traits, "phone"),
                text(traits, "firstName", "first_name"), locale(text(traits, "locale", "language")),
                flag(traits, "emailConsent", "email_consent"), flag(traits, "smsConsent", "sms_consent"));
        Contact contact = contacts.findByExternalId(userId)
                .orElseThrow(() -> new NotFoundException("No contact has this userId as external id; nothing was"
                        + " recorded (a contact starts with a sign-up, POST /api/contacts)."));
        Contact after = contacts.change(contact.id(), change, SOURCE);
        List<String> changed = new ArrayList<>();
        compare(changed, "email", contact.email(), after.email());
        compare(changed, "phone", contact.phone(), after.phone());
        compare(changed, "firstName", contact.firstName(), after.firstName());
        compare(changed, "locale", contact.locale(), after.locale());
        compare(changed, "emailConsent", contact.emailConsent(), after.emailConsent());
        compare(changed, "smsConsent", contact.smsConsent(), after.smsConsent());
        return Inbound.contactChanged(messageId, "identify", contact.id(),
                changed.isEmpty() ? "Nothing changed" : "Changed: " + String.join(", ", changed));
    }

    private static void compare(List<String> changed, String field, Object before, Object after) {
        if (!java.util.Objects.equals(before, after)) {
            changed.add(field);
        }
    }

    private static String text(JsonNode traits, String... names) {
        for (String name : names) {
            JsonNode value = traits.path(name);
            if (value.isMissingNode() || value.isNull()) {
                continue;
            }
            if (!value.isTextual()) {
                throw new FieldProblemException("traits." + name, "must be a string");
            }
            return value.asText();
        }
        return null;
    }

    private static Boolean flag(JsonNode traits, String... names) {
        for (String name : names) {
            JsonNode value = traits.path(name);
            if (value.isMissingNode() || value.isNull()) {
                continue;
            }
            if (!value.isBoolean()) {
                throw new FieldProblemException("traits." + name, "must be true or false");
            }
            return value.asBoolean();
        }
        return null;
    }

    /** "fr-FR", "fr_FR", "FR" → "fr": the language is what Rekindle writes in. */
    private static String locale(String value) {
        if (value == null) {
            return null;
        }
        int cut = value.indexOf('-') >= 0 ? value.indexOf('-') : value.indexOf('_');
        return (cut > 0 ? value.substring(0, cut) : value).toLowerCase(Locale.ROOT);
    }
}
