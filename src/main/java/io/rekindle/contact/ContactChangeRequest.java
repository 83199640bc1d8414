package io.rekindle.contact;

import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.system.FieldProblemException;

/**
 * A JSON merge patch (RFC 7396) of a contact, read into a {@link ContactChange}: a member absent = leave as is;
 * {@code "phone": null} removes the number; the other fields cannot be removed. Any other member is refused (a
 * typo must not be silently ignored).
 */
final class ContactChangeRequest {

    static final Set<String> FIELDS = Set.of("email", "phone", "firstName", "locale", "emailConsent", "smsConsent");

    private ContactChangeRequest() {
    }

    static ContactChange read(JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new FieldProblemException("body", "must be a JSON object (a merge patch of the contact)");
        }
        for (Iterator<String> names = patch.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new FieldProblemException(name, "is not a field that can be changed; the fields are "
                        + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        ContactChange change = ContactChange.none()
                .withEmail(text(patch, "email", false))
                .withFirstName(text(patch, "firstName", false))
                .withLocale(text(patch, "locale", false))
                .withEmailConsent(bool(patch, "emailConsent"))
                .withSmsConsent(bool(patch, "smsConsent"));
        if (patch.has("phone")) {
            change = change.withPhone(patch.get("phone").isNull() ? ContactChange.NO_PHONE
                    : text(patch, "phone", true));
        }
        return change;
    }

    private static String text(JsonNode patch, String field, boolean removable) {
        JsonNode value = patch.get(field);
        if (value == null) {
            return null;
        }
        if (value.isNull() && !removable) {
            throw new FieldProblemException(field, "cannot be removed");
        }
        if (!value.isTextual()) {
            throw new FieldProblemException(field, "must be a string");
        }
        if (value.asText().isEmpty()) {
            throw new FieldProblemException(field, "must not be empty");
        }
        return value.asText();
    }

    private static Boolean bool(JsonNode patch, String field) {
        JsonNode value = patch.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw new FieldProblemException(field, "must be true or false");
        }
        return value.asBoolean();
    }

    /** For the API description: the patch's members. */
    record Schema(String email, String phone, String firstName, String locale, Boolean emailConsent,
            Boolean smsConsent) {
    }

}
