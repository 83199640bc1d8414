package io.rekindle.contact;

/** Published inside the sign-up transaction: whatever starts from a sign-up commits with it or not at all. */
public record ContactSignedUp(long contactId) {
}
