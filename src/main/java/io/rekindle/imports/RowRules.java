package io.rekindle.imports;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.validation.constraints.Email;

import org.hibernate.validator.internal.constraintvalidators.AbstractEmailValidator;

import io.rekindle.contact.ContactField;
import io.rekindle.contact.EmailAddresses;
import io.rekindle.contact.EmailStatus;
import io.rekindle.contact.SignUpRequest;
import io.rekindle.system.FieldProblemException;

/**
 * The sign-up's rules ({@link SignUpRequest}, {@link EmailAddresses#ascii}) applied to one imported row, plus those
 * of the fields a sign-up does not have. A broken rule rejects the row with a reason naming the field and the rule,
 * never the value.
 */
final class RowRules {

    /** A row the import will not write, and why. */
    static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    // as on SignUpRequest
    private static final Pattern EXTERNAL_ID = Pattern.compile("[A-Za-z0-9._:@-]+");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final BigDecimal MAX_REVENUE = new BigDecimal("999999999999.99");
    private static final ContactField[] FIELDS = ContactField.values();

    /**
     * What {@code @Email} checks on {@link SignUpRequest#email()}: Hibernate Validator's own syntax check, then the
     * sign-up's regexp. Called directly: through the validator engine it costs more per row than reading the row
     * ({@code RowRulesTest} checks the two agree).
     */
    private static final AbstractEmailValidator<Email> EMAIL_SYNTAX = new AbstractEmailValidator<>() {
    };
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** The row's typed values by {@link ContactField#ordinal()} (null: no value), or why it is rejected. */
    Object[] parse(String[] raw, Instant now) throws Rejected {
        Object[] values = new Object[FIELDS.length];
        for (ContactField field : FIELDS) {
            String text = raw[field.ordinal()];
            if (text != null) {
                values[field.ordinal()] = value(field, text, now);
            } else if (field == ContactField.EXTERNAL_ID) {
                throw new Rejected("externalId must not be blank");
            }
        }
        return values;
    }

    /** What a new contact needs beyond a valid row: the sign-up's required fields. */
    static void requireForNewContact(Object[] values) throws Rejected {
        for (ContactField field : new ContactField[] {ContactField.EMAIL, ContactField.FIRST_NAME,
                ContactField.LOCALE, ContactField.EMAIL_CONSENT, ContactField.SMS_CONSENT}) {
            if (values[field.ordinal()] == null) {
                throw new Rejected(field.apiName() + " must not be blank for a new contact");
            }
        }
    }

    private Object value(ContactField field, String text, Instant now) throws Rejected {
        String name = field.apiName();
        return switch (field) {
            case EXTERNAL_ID -> {
                size(name, text, 100);
                if (!EXTERNAL_ID.matcher(text).matches()) {
                    throw new Rejected(name + " may contain only letters, digits and . _ : @ -");
                }
                yield text;
            }
            case EMAIL -> email(text);
            case PHONE -> {
                if (!PHONE.matcher(text).matches()) {
                    throw new Rejected(name + " must be in E.164 format, e.g. +33612345678");
                }
                yield text;
            }
            case FIRST_NAME -> size(name, text, 100);
            case LOCALE -> {
                if (!text.equals("fr") && !text.equals("en")) {
                    throw new Rejected(name + " must be 'fr' or 'en'");
                }
                yield text;
            }
            case EMAIL_CONSENT_SOURCE, SMS_CONSENT_SOURCE -> size(name, text, 40);
            case EMAIL_STATUS -> {
                try {
                    yield EmailStatus.valueOf(text).name();
                } catch (IllegalArgumentException e) {
                    throw new Rejected(name + " must be VALID, SOFT_BOUNCE or HARD_BOUNCE");
                }
            }
            case EMAIL_CONSENT, SMS_CONSENT -> {
                String lower = text.toLowerCase(Locale.ROOT);
                if (!lower.equals("true") && !lower.equals("false")) {
                    throw new Rejected(name + " must be true or false");
                }
                yield lower.equals("true");
            }
            case SIGNED_UP_AT, EMAIL_CONSENT_AT, SMS_CONSENT_AT, LAST_PURCHASE_AT, LAST_VISIT_AT,
                    LAST_EMAIL_OPEN_AT, LAST_EMAIL_CLICK_AT -> instant(name, text, now);
            case PURCHASE_COUNT, LOYALTY_POINTS -> {
                try {
                    int n = Integer.parseInt(text);
                    if (n < 0) {
                        throw new Rejected(name + " must not be negative");
                    }
                    yield n;
                } catch (NumberFormatException e) {
                    throw new Rejected(name + " must be a whole number");
                }
            }
            case REVENUE -> {
                BigDecimal amount;
                try {
                    amount = new BigDecimal(text);
                } catch (NumberFormatException e) {
                    throw new Rejected(name + " must be a number such as 129.90");
                }
                if (amount.signum() < 0 || amount.compareTo(MAX_REVENUE) > 0) {
                    throw new Rejected(name + " must be between 0 and " + MAX_REVENUE.toPlainString());
                }
                try {
                    yield amount.setScale(2);
                } catch (ArithmeticException e) {
                    throw new Rejected(name + " must have at most 2 decimals");
                }
            }
        };
    }

    private String email(String text) throws Rejected {
        if (text.length() > 254 || !EMAIL_SYNTAX.isValid(text, null) || !EMAIL.matcher(text).matches()) {
            throw new Rejected("email must be a valid email address");
        }
        try {
            return EmailAddresses.ascii(text);
        } catch (FieldProblemException e) {
            throw new Rejected(e.field() + " " + e.getMessage());
        }
    }

    private static String size(String name, String text, int max) throws Rejected {
        if (text.length() > max) {
            throw new Rejected(name + " must have at most " + max + " characters");
        }
        return text;
    }

    /** An ISO-8601 date-time with its offset, or a date (midnight UTC); to the microsecond, as stored. */
    private static Instant instant(String name, String text, Instant now) throws Rejected {
        Instant at;
        try {
            at = fastInstant(text);
            if (at == null) {
                at = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                        : OffsetDateTime.parse(text).toInstant();
            }
        } catch (DateTimeException e) {
            throw new Rejected(name + " must be a date-time with its offset, e.g. 2024-03-01T10:00:00+01:00, or a"
                    + " date, e.g. 2024-03-01");
        }
        if (at.isAfter(now.plus(CLOCK_SKEW))) {
            throw new Rejected(name + " must not be in the future");
        }
        if (at.isBefore(Instant.EPOCH)) {
            throw new Rejected(name + " must be after 1970-01-01");
        }
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The two forms a base's export has by the million, read without a formatter (which costs more than the rest of
     * the row): {@code 2024-03-01} and {@code 2024-03-01T10:00:00Z} / {@code …+01:00}. Anything else (fractions of a
     * second, other offsets' forms): null, and the ISO parser reads it.
     */
    static Instant fastInstant(String text) throws DateTimeException {
        int length = text.length();
        if (length != 10 && length != 20 && length != 25 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        if (length == 10) {
            return LocalDate.of(year, month, day).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int offsetSeconds;
        if (length == 20) {
            if (text.charAt(19) != 'Z') {
                return null;
            }
            offsetSeconds = 0;
        } else {
            char sign = text.charAt(19);
            int offsetHours = digits(text, 20, 2);
            int offsetMinutes = digits(text, 23, 2);
            if (sign != '+' && sign != '-' || text.charAt(22) != ':' || offsetHours < 0 || offsetMinutes < 0) {
                return null;
            }
            offsetSeconds = (sign == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
        }
        return java.time.LocalDateTime.of(year, month, day, hour, minute, second)
                .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
