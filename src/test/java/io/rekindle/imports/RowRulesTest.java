package io.rekindle.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

import io.rekindle.contact.ContactField;
import io.rekindle.contact.SignUpRequest;

import org.junit.jupiter.api.Test;

/**
 * An imported row obeys the sign-up's rules: for each value here, the row is rejected exactly when the sign-up's own
 * validation ({@link SignUpRequest}'s constraints) refuses it. The import checks without the validator engine, for
 * speed; this keeps the two from drifting apart.
 */
class RowRulesTest {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    private static final Instant NOW = Instant.parse("2026-06-15T09:00:00Z");
    private final RowRules rules = new RowRules();

    @Test
    void emailsAreAcceptedExactlyWhenTheSignUpAcceptsThem() {
        for (String email : List.of("marie@example.com", "a@b", "a@b.c", "marie@@example.com", "marie@example..com",
                ".marie@example.com", "marie.@example.com", "ma rie@example.com", "\"marie\"@example.com",
                "marie@-example.com", "marie@exa_mple.com", "marie+tag@example.co.uk", "m@127.0.0.1",
                "marie@[127.0.0.1]", "x".repeat(65) + "@example.com", "marie@" + "d".repeat(64) + ".com",
                "marie@example.com.", "é@example.com", "marie@café.fr")) {
            assertSame(ContactField.EMAIL, "email", email);
        }
    }

    @Test
    void idsPhonesLocalesAndNamesFollowTheSignUpsRules() {
        for (String id : List.of("cust-1", "a.b_c:d@e", "has space", "ünïcode", "x".repeat(100), "x".repeat(101))) {
            assertSame(ContactField.EXTERNAL_ID, "externalId", id);
        }
        for (String phone : List.of("+33612345678", "0612345678", "+0612345678", "+336", "+3361234567890123")) {
            assertSame(ContactField.PHONE, "phone", phone);
        }
        for (String locale : List.of("fr", "en", "de", "FR")) {
            assertSame(ContactField.LOCALE, "locale", locale);
        }
        for (String name : List.of("Marie", "x".repeat(100), "x".repeat(101))) {
            assertSame(ContactField.FIRST_NAME, "firstName", name);
        }
    }

    @Test
    void datesInTheCommonFormsAreReadFastAndTheSameAsByTheIsoParser() throws Exception {
        for (String at : List.of("2024-03-01", "2024-03-01T10:00:00Z", "2024-03-01T10:00:00+01:00",
                "2024-03-01T10:00:00-05:30", "2024-03-01T10:00:00.123456Z", "2024-03-01T10:00:00.5+02:00")) {
            String[] raw = row();
            raw[ContactField.LAST_VISIT_AT.ordinal()] = at;
            Instant expected = at.length() == 10 ? java.time.LocalDate.parse(at).atStartOfDay(java.time.ZoneOffset.UTC)
                    .toInstant() : java.time.OffsetDateTime.parse(at).toInstant();
            assertThat(rules.parse(raw, NOW)[ContactField.LAST_VISIT_AT.ordinal()]).as(at).isEqualTo(expected);
        }
        for (String bad : List.of("2024-13-01", "2024-02-30", "2024-03-01T25:00:00Z", "01/03/2024",
                "2024-03-01T10:00:00")) {
            String[] raw = row();
            raw[ContactField.LAST_VISIT_AT.ordinal()] = bad;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> rules.parse(raw, NOW)).as(bad)
                    .isInstanceOf(RowRules.Rejected.class).hasMessageStartingWith("lastVisitAt must be a date-time");
        }
    }

    private void assertSame(ContactField field, String property, String value) {
        boolean signUpAccepts = VALIDATOR.validateValue(SignUpRequest.class, property, value).isEmpty()
                && (field != ContactField.EMAIL || asciiAccepts(value));
        String[] raw = row();
        raw[field.ordinal()] = value;
        boolean importAccepts;
        try {
            rules.parse(raw, NOW);
            importAccepts = true;
        } catch (RowRules.Rejected rejected) {
            importAccepts = false;
        }
        assertThat(importAccepts).as(property + " '" + value + "'").isEqualTo(signUpAccepts);
    }

    private static boolean asciiAccepts(String email) {
        try {
            io.rekindle.contact.EmailAddresses.ascii(email);
            return true;
        } catch (RuntimeException refused) {
            return false;
        }
    }

    private static String[] row() {
        String[] raw = new String[ContactField.values().length];
        raw[ContactField.EXTERNAL_ID.ordinal()] = "cust-1";
        return raw;
    }
}
