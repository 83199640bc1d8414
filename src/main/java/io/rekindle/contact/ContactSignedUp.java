package io.rekindle.contact;

/**
 * Published inside the sign-up transaction: whatever starts from a sign-up commits with it or not at all.
 * {@code newSignUp} is false for an existing customer posted with an old sign-up date: nothing that welcomes a
 * newcomer starts for them.
 */
public record ContactSignedUp(long contactId, boolean newSignUp) {
}
