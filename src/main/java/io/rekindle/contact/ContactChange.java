package io.rekindle.contact;

/**
 * A change to a contact's own fields, as the company's systems (or the person) ask for it. A null field is left as
 * it is; {@code phone} as an empty string removes the number. Validated by the sign-up's rules
 * ({@link SignUpRequest}); the email address is stored in its ASCII form ({@link EmailAddresses#ascii}).
 */
public record ContactChange(
        String email,
        String phone,
        String firstName,
        String locale,
        Boolean emailConsent,
        Boolean smsConsent) {

    /** Removes the phone number when given as {@link #phone}. */
    public static final String NO_PHONE = "";

    public static ContactChange none() {
        return new ContactChange(null, null, null, null, null, null);
    }

    public ContactChange withEmail(String value) {
        return new ContactChange(value, phone, firstName, locale, emailConsent, smsConsent);
    }

    public ContactChange withPhone(String value) {
        return new ContactChange(email, value, firstName, locale, emailConsent, smsConsent);
    }

    public ContactChange withFirstName(String value) {
        return new ContactChange(email, phone, value, locale, emailConsent, smsConsent);
    }

    public ContactChange withLocale(String value) {
        return new ContactChange(email, phone, firstName, value, emailConsent, smsConsent);
    }

    public ContactChange withEmailConsent(Boolean value) {
        return new ContactChange(email, phone, firstName, locale, value, smsConsent);
    }

    public ContactChange withSmsConsent(Boolean value) {
        return new ContactChange(email, phone, firstName, locale, emailConsent, value);
    }
}
