package io.rekindle.contact;

import java.time.OffsetDateTime;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A sign-up posted by the company's systems. */
public record SignUpRequest(
        @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._:@-]+",
                message = "may contain only letters, digits and . _ : @ -") String externalId,
        // Bean Validation's @Email accepts "a@b"; a marketing address needs a domain with a dot
        @NotBlank @Size(max = 254) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+",
                message = "must be a valid email address") String email,
        @Pattern(regexp = "\\+[1-9][0-9]{6,14}", message = "must be in E.164 format, e.g. +33612345678")
        String phone,
        @NotBlank @Size(max = 100) String firstName,
        @NotNull @Pattern(regexp = "fr|en", message = "must be 'fr' or 'en'") String locale,
        @NotNull Boolean emailConsent,
        @NotNull Boolean smsConsent,
        // an existing customer's real sign-up date; absent = now
        OffsetDateTime signedUpAt) {

    public SignUpRequest(String externalId, String email, String phone, String firstName, String locale,
            Boolean emailConsent, Boolean smsConsent) {
        this(externalId, email, phone, firstName, locale, emailConsent, smsConsent, null);
    }

    /** The same sign-up with the address as it will be stored ({@link EmailAddresses#ascii}). */
    SignUpRequest withEmail(String address) {
        return new SignUpRequest(externalId, address, phone, firstName, locale, emailConsent, smsConsent, signedUpAt);
    }
}
